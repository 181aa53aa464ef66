package org.convkit.cli.tour;

import java.util.List;

/** The page around the sections: title, contents, style. One file, no external resources. */
final class TourPage {
    private TourPage() {
    }

    static String html(List<TourSection> sections, List<String> bodies) {
        StringBuilder nav = new StringBuilder();
        StringBuilder main = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            TourSection s = sections.get(i);
            nav.append("<li><a href=\"#").append(s.id()).append("\">").append(Html.esc(s.title())).append("</a></li>\n");
            main.append("<section id=\"").append(s.id()).append("\">\n<h2><span class=\"no\">").append(i + 1)
                    .append("</span>").append(Html.esc(s.title())).append("</h2>\n").append(bodies.get(i))
                    .append("\n</section>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>convkit: a tour of the convolutions of deep learning</title>
                <link rel="icon" href="data:,">
                <style>
                """ + STYLE + """
                </style>
                </head>
                <body>
                <header>
                <h1>A tour of the convolutions of deep learning</h1>
                <p>Every shape, number, picture and animation on this page was computed by convkit when the
                page was written: the arithmetic is worked with real numbers, and each operation is applied to
                convkit's built-in test image.</p>
                </header>
                <div class="layout">
                <nav aria-label="contents"><h2>Contents</h2><ol>
                """ + nav + """
                </ol></nav>
                <main>
                """ + main + """
                </main>
                </div>
                <footer>Written by <code>convkit tour</code>. Works offline: every picture is a file beside this page.</footer>
                </body>
                </html>
                """;
    }

    private static final String STYLE = """
            :root { --ink: #1d2433; --muted: #5b6478; --line: #dde2ea; --paper: #fff; --back: #f4f6fa;
                    --accent: #2f6fde; --soft: #eef3fd; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--back); color: var(--ink);
                   font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            header { background: #17203a; color: #fff; padding: 28px 36px 24px; }
            header h1 { margin: 0 0 8px; font-size: 28px; font-weight: 650; }
            header p { margin: 0; max-width: 860px; color: #c3cbe0; }
            .layout { display: grid; grid-template-columns: 230px minmax(0, 1fr); gap: 28px; max-width: 1240px;
                      margin: 0 auto; padding: 26px 28px; }
            nav { position: sticky; top: 18px; align-self: start; background: var(--paper); border: 1px solid var(--line);
                  border-radius: 10px; padding: 14px 16px; }
            nav h2 { margin: 0 0 8px; font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
            nav ol { margin: 0; padding-left: 20px; }
            nav li { margin: 4px 0; font-size: 14.5px; }
            nav a { color: var(--ink); text-decoration: none; }
            nav a:hover { color: var(--accent); }
            section { background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 22px 28px;
                      margin-bottom: 26px; box-shadow: 0 1px 2px rgba(16, 24, 40, .05); }
            section h2 { margin: 0 0 12px; font-size: 23px; display: flex; align-items: center; gap: 12px; }
            section h2 .no { display: inline-flex; width: 30px; height: 30px; border-radius: 50%; background: var(--soft);
                             color: var(--accent); font-size: 15px; align-items: center; justify-content: center; }
            section h3 { font-size: 17px; margin: 22px 0 8px; }
            p { margin: 10px 0; max-width: 860px; }
            code, pre, .matrix { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
            code { background: #f1f3f8; border-radius: 4px; padding: 1px 5px; font-size: 14px; }
            pre.formula { background: #f7f8fb; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px;
                          white-space: pre-wrap; word-break: break-word; font-size: 14px; line-height: 1.55; }
            .figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; margin: 14px 0; }
            figure { margin: 0; max-width: 100%; }
            figure img { display: block; width: 200px; height: auto; border: 1px solid var(--line); border-radius: 6px;
                         background: #fff; }
            figure.anim img, figure.chart img { width: auto; max-width: 100%; }
            figure.anim img { border: none; }
            figcaption { font-size: 13.5px; color: var(--muted); margin-top: 6px; max-width: 200px; }
            figure.anim figcaption, figure.chart figcaption { max-width: 640px; }
            .matrices { display: flex; flex-wrap: wrap; gap: 22px; align-items: center; margin: 12px 0; }
            table.matrix { border-collapse: collapse; font-size: 13px; }
            table.matrix caption { caption-side: top; font: 13px/1.4 system-ui, sans-serif; color: var(--muted);
                                   padding-bottom: 4px; text-align: left; white-space: nowrap; }
            table.matrix td { border: 1px solid var(--line); padding: 3px 7px; text-align: right; min-width: 34px; }
            table.numbers { border-collapse: collapse; margin: 12px 0; font-size: 14.5px; }
            table.numbers th, table.numbers td { border-bottom: 1px solid var(--line); padding: 6px 14px 6px 0;
                                                 text-align: left; }
            table.numbers td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .note { border-left: 3px solid var(--accent); background: var(--soft); padding: 8px 14px; border-radius: 0 8px 8px 0; }
            footer { text-align: center; color: var(--muted); font-size: 13px; padding: 0 0 30px; }
            @media (max-width: 860px) { .layout { grid-template-columns: 1fr; } nav { position: static; } }
            """;
}
