package org.convkit.cli.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.convkit.cli.Main;
import org.convkit.cli.explorer.ExplorerServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tour as files: every section there, every picture it names present and readable, nothing fetched from outside. */
class TourTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static Document page;

    @BeforeAll
    static void write() throws IOException {
        dir = tmp.resolve("tour");
        List<String> steps = new ArrayList<>();
        Path index = new Tour().write(dir, (what, done, total) -> steps.add(done + "/" + total));
        assertThat(index).isEqualTo(dir.toAbsolutePath().resolve("index.html"));
        int total = Tour.SECTION_IDS.size() + 1;
        assertThat(steps).first().isEqualTo("0/" + total);
        assertThat(steps).last().isEqualTo(total + "/" + total);
        page = Jsoup.parse(index.toFile(), "UTF-8");
    }

    @Test
    void hasEverySectionOfTheGuideInOrderWithItsAnimationAndPictures() {
        List<String> ids = page.select("main > section").eachAttr("id");
        assertThat(ids).isEqualTo(Tour.SECTION_IDS);
        assertThat(page.select("nav a").eachAttr("href")).isEqualTo(ids.stream().map(id -> "#" + id).toList());
        for (String id : ids) {
            Element s = page.getElementById(id);
            assertThat(s.select("h2").text()).as(id).isNotBlank();
            assertThat(s.select("figure.anim img").eachAttr("src")).as("animations of " + id)
                    .isNotEmpty().allMatch(src -> src.startsWith("anim/" + id) && src.endsWith(".svg"));
            if (!id.equals("gallery")) {
                // the gallery is the arithmetic guide's figures: animations only
                assertThat(s.select("figure img[src^=img/]").eachAttr("src")).as("pictures of " + id)
                        .hasSizeGreaterThanOrEqualTo(2).allMatch(src -> src.startsWith("img/" + id + "-"));
            }
        }
    }

    @Test
    void everyReferencedFileExistsInsideTheDirectoryAndDecodes() throws Exception {
        List<String> refs = new ArrayList<>(page.select("[src]").eachAttr("src"));
        page.select("[href]").eachAttr("href").stream().filter(h -> !h.startsWith("#") && !h.startsWith("data:"))
                .forEach(refs::add);
        assertThat(refs).hasSizeGreaterThan(20);
        for (String ref : refs) {
            assertThat(ref).as("relative reference").doesNotContain("://").doesNotStartWith("/").doesNotContain("..");
            Path f = dir.resolve(ref);
            assertThat(f).as(ref).isRegularFile();
            if (ref.endsWith(".png")) {
                assertThat(ImageIO.read(f.toFile())).as(ref).isNotNull();
            } else if (ref.endsWith(".svg")) {
                // well-formed XML, an <svg> root
                var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
                assertThat(doc.getDocumentElement().getNodeName()).as(ref).isEqualTo("svg");
            }
        }
        // nothing in the directory that the page does not use, except the tour's marker
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> all = files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
            List<String> expected = new ArrayList<>(refs);
            expected.add("index.html");
            expected.add(TourDirectory.MARKER);
            assertThat(all).containsExactlyInAnyOrderElementsOf(expected.stream().distinct().toList());
        }
    }

    @Test
    void pageIsSelfContained() throws IOException {
        String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("http://", "https://", "<script src", "@import");
        assertThat(page.select("link[rel=stylesheet]")).isEmpty();
    }

    @Test
    void carriesTheGuidesNumbersAsTheEngineComputesThem() {
        assertThat(page.getElementById("operation").text()).contains("[2, 3, 3]", "3x3x2", "floor(4/2) + 1 = 3");
        assertThat(page.getElementById("discrete").text()).contains("54", "2\u2009646", "27 of 147");
        Element transposed = page.getElementById("transposed");
        assertThat(transposed.text()).contains("floor(2/2) + 1 = 2", "1*2 + 0 + 1 = 5", "not x");
        assertThat(page.getElementById("dilated").text()).contains("see 1024 past samples", "would see 11");
        assertThat(page.getElementById("separable").text()).contains("rank 1", "6 weights instead of 9", "rank 2");
        assertThat(page.getElementById("pooling").text()).contains("floor(2/2) + 1 = 2");
    }

    /**
     * The gallery redraws the arithmetic guide's fifteen figures, each caption giving its numbers and
     * the output size the guide gives for them: 4x4 -> 2x2 with no padding, 5x5 -> 6x6 with a 4x4
     * kernel padded 2, ..., each transpose back to its convolution's input size (6 for the odd case,
     * with output padding 1), and 7x7 -> 3x3 at dilation 2.
     */
    @Test
    void theGalleryHasTheArithmeticGuidesFiguresWithTheirNumbers() {
        Element gallery = page.getElementById("gallery");
        List<String> captions = gallery.select("figure.anim figcaption").eachText();
        assertThat(captions).hasSize(15);
        String[] expected = {
            "No padding, unit strides: input 4x4, kernel 3x3, stride 1, padding 0 \u2192 output 2x2.",
            "Transposed, no padding, unit strides: input 2x2, kernel 3x3, stride 1, padding 0 \u2192 output 4x4.",
            "Arbitrary padding, unit strides: input 5x5, kernel 4x4, stride 1, padding 2 \u2192 output 6x6.",
            "Transposed, arbitrary padding, unit strides: input 6x6, kernel 4x4, stride 1, padding 2 \u2192 output 5x5.",
            "Half ('same') padding, unit strides: input 5x5, kernel 3x3, stride 1, padding 1 \u2192 output 5x5.",
            "Transposed, half ('same') padding, unit strides: input 5x5, kernel 3x3, stride 1, padding 1 \u2192 output 5x5.",
            "Full padding, unit strides: input 5x5, kernel 3x3, stride 1, padding 2 \u2192 output 7x7.",
            "Transposed, full padding, unit strides: input 7x7, kernel 3x3, stride 1, padding 2 \u2192 output 5x5.",
            "No padding, stride 2: input 5x5, kernel 3x3, stride 2, padding 0 \u2192 output 2x2.",
            "Transposed, no padding, stride 2: input 2x2, kernel 3x3, stride 2, padding 0 \u2192 output 5x5.",
            "Padding, stride 2: input 5x5, kernel 3x3, stride 2, padding 1 \u2192 output 3x3.",
            "Transposed, padding, stride 2: input 3x3, kernel 3x3, stride 2, padding 1 \u2192 output 5x5.",
            "Padding, stride 2, an odd-sized input: input 6x6, kernel 3x3, stride 2, padding 1 \u2192 output 3x3.",
            "Transposed, padding, stride 2, an odd-sized input: input 3x3, kernel 3x3, stride 2, padding 1, "
                    + "output padding 1 \u2192 output 6x6.",
            "Dilation 2, no padding, unit strides: input 7x7, kernel 3x3, stride 1, padding 0, dilation 2 \u2192 output 3x3."};
        assertThat(captions).containsExactly(expected);
        assertThat(gallery.select("figure.anim img").eachAttr("src")).hasSize(15)
                .allMatch(src -> src.startsWith("anim/gallery-") && src.endsWith(".svg"));
    }

    /**
     * Pooling has one example: the formula, the tables, the animation, {@code convkit demo}'s (f)
     * and the explorer's preset all pool the same 4x4 map with a 2x2 window at stride 2, and each
     * table says its own size and writes its numbers alike.
     */
    @Test
    void poolingIsOneExampleWithTheDemosAndTheExplorersNumbers() throws IOException {
        Element pooling = page.getElementById("pooling");
        List<Element> tables = pooling.select("table.matrix");
        assertThat(tables).extracting(t -> t.selectFirst("caption").text()).containsExactly("input (4x4)",
                "2x2 max pooling, stride 2: 2x2", "2x2 average pooling, stride 2: 2x2");
        assertThat(pooling.select("pre").first().text()).contains("floor((4 + 0 + 0 - 1*1 - 1)/2) + 1 = floor(2/2) + 1 = 2");
        List<List<String>> input = rows(tables.get(0));
        List<List<String>> max = rows(tables.get(1));
        float[] x = GuideExamples.poolingInput().data();
        for (int i = 0; i < 16; i++) {
            assertThat(input.get(i / 4).get(i % 4)).isEqualTo(Integer.toString((int) x[i]));
        }
        // one number of decimals per table: 3.25 beside 1.50, not 1.5 (nor 6 beside 2.50)
        assertThat(rows(tables.get(2)).stream().flatMap(List::stream)).allMatch(v -> v.matches("\\d+\\.\\d\\d"));

        // the animation slides over that map; ceil_mode, a second idea, has its own
        assertThat(pooling.select("figure.anim img").eachAttr("src")).containsExactly("anim/pooling.svg",
                "anim/pooling-ceil.svg");
        assertThat(pooling.text()).contains("on a 5x5 map the last row and column are dropped, 2x2",
                "rounds up instead, 3x3");
        assertThat(Files.readString(dir.resolve("anim/pooling-ceil.svg"))).contains("ceil_mode",
                "past the input (ceil_mode: not read)");
        String svg = Files.readString(dir.resolve(pooling.selectFirst("figure.anim img").attr("src")));
        assertThat(svg).contains("max pooling: input 4x4 x 1 channel -&gt; output 2x2 x 1 map",
                "window 2x2, stride 2");

        // the demo prints the same map and maxima, row by row
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "demo", "--only", "f")).isZero();
        for (int r = 0; r < 2; r++) {
            assertThat(out.toString()).containsPattern(String.join(" ", input.get(r)) + "\\s+"
                    + String.join(" ", max.get(r)) + "\\s");
        }
        // the explorer's preset
        try (InputStream html = ExplorerServer.class.getResourceAsStream("explorer.html")) {
            assertThat(new String(html.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("operation=maxpool&size=4&channels=1&kernel=2&stride=2&");
        }
    }

    /** Replicate, reflect and circular padding, each drawn with the values it copies. */
    @Test
    void theDiscreteSectionDrawsEachCopyingPaddingMode() throws IOException {
        List<String> srcs = page.getElementById("discrete").select("figure.anim img").eachAttr("src");
        for (String mode : List.of("replicate", "reflect", "circular")) {
            String src = "anim/discrete-" + mode + ".svg";
            assertThat(srcs).contains(src);
            assertThat(Files.readString(dir.resolve(src))).contains("padding mode " + mode, "padding (" + mode
                    + ": a copy)", "the cell it copies");
        }
    }

    private static List<List<String>> rows(Element table) {
        return table.select("tr").stream().map(tr -> tr.select("td").eachText()).toList();
    }

    @Test
    void deconvolutionBeatsTheBlurredImage() {
        List<Element> rows = page.select("#deconvolution table.numbers tr").subList(1, 5);
        double blurred = psnr(rows.get(0));
        assertThat(rows.subList(1, 4)).allSatisfy(r -> assertThat(psnr(r)).as(r.text()).isGreaterThan(blurred + 1));
        assertThat(page.getElementById("deconvolution").text()).contains("recovers the input to within");
    }

    private static double psnr(Element row) {
        return Double.parseDouble(row.select("td").get(1).text());
    }

    @Test
    void refusesADirectoryItDidNotWriteAndReplacesOneItDid() throws IOException {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> new Tour(64).write(foreign, (w, d, t) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a non-empty directory that convkit tour did not write");
        assertThat(foreign.resolve("notes.txt")).hasContent("mine");

        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> Tour.checkOutput(file)).hasMessageContaining("exists and is not a directory");

        Path again = tmp.resolve("again");
        new Tour(64).write(again, (w, d, t) -> { });
        Files.writeString(again.resolve("img/stale.png"), "left from before");
        new Tour(64).write(again, (w, d, t) -> { });
        assertThat(again.resolve("img/stale.png")).doesNotExist();
        assertThat(again.resolve("index.html")).isRegularFile();

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        new Tour(64).write(empty, (w, d, t) -> { });
        assertThat(empty.resolve("index.html")).isRegularFile();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailedTourLeavesTheDirectoryAsItWas() throws IOException {
        Path old = tmp.resolve("kept");
        new Tour(64).write(old, (w, d, t) -> { });
        String before = Files.readString(old.resolve("index.html"));
        assertThatThrownBy(() -> new TourDirectory(old).write(staging -> {
            Files.writeString(staging.resolve("index.html"), "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(old.resolve("index.html")).hasContent(before);
        assertThat(leftovers()).isEmpty();
    }

    /** Staging or old directories left beside the outputs. */
    private static List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }
}
