package org.convkit.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG parses as XML, and holds one timed group per frame with that frame's window cells. */
class SvgAnimationTest {
    private static final String WINDOW_FILL = "#e69f00";
    private static final String EMPTY_OUTPUT = "#bdbdbd";

    @TempDir
    Path dir;

    @Test
    void theGuidesExampleIsWellFormedWithEveryFrameAndCell() throws Exception {
        Animation a = Animations.build(AnimationSpec.of(new int[] {7, 7}, new int[] {3}).withChannels(3)
                .withFilters(2).withStride(2));
        Path file = dir.resolve("a.svg");
        SvgAnimation.write(a, file);
        Document doc = parse(Files.readString(file, StandardCharsets.UTF_8));
        Element svg = doc.getDocumentElement();
        int[] size = FramePainter.size(a);
        assertThat(svg.getTagName()).isEqualTo("svg");
        assertThat(svg.getAttribute("width")).isEqualTo(Integer.toString(size[0]));
        assertThat(svg.getAttribute("height")).isEqualTo(Integer.toString(size[1]));
        assertThat(svg.getAttribute("data-frames")).isEqualTo("19");

        // every output frame has its own group, shown in that frame only, holding its 27 window cells
        for (Frame f : a.frames()) {
            List<Element> own = groups(doc, f.index(), f.index());
            if (f.hold()) {
                continue;
            }
            assertThat(own).isNotEmpty();
            assertThat(own.stream().mapToInt(g -> rects(g, WINDOW_FILL)).sum()).isEqualTo(f.taps().size())
                    .isEqualTo(27);
            for (Element g : own) {
                NodeList anim = g.getElementsByTagName("animate");
                assertThat(anim.getLength()).isEqualTo(1);
                assertThat(((Element) anim.item(0)).getAttribute("dur")).isEqualTo(a.durationMillis() + "ms");
            }
        }
        // the static drawing: 3 input slices of 7x7 cells and 2 empty output maps of 3x3
        List<Element> always = new ArrayList<>();
        NodeList gs = doc.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (!g.hasAttribute("data-from")) {
                always.add(g);
            }
        }
        assertThat(always.stream().mapToInt(g -> rects(g, "#cfe8f7")).sum()).isEqualTo(3 * 49 + 1); // + legend
        assertThat(always.stream().mapToInt(g -> rects(g, null, EMPTY_OUTPUT)).sum()).isEqualTo(2 * 9);
        // each output value is drawn once, from its frame to the end
        for (Frame f : a.frames().subList(0, 18)) {
            assertThat(groups(doc, f.index(), 18).stream().mapToInt(g -> texts(g, Captions.number(f.value())))
                    .sum()).isEqualTo(1);
        }
    }

    @Test
    void textIsEscaped() {
        assertThat(SvgAnimation.escape("a<b & \"c\">")).isEqualTo("a&lt;b &amp; &quot;c&quot;&gt;");
    }

    private static List<Element> groups(Document doc, int from, int to) {
        List<Element> out = new ArrayList<>();
        NodeList gs = doc.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            // a group without timing is shown throughout: frames 0 to the last
            String gFrom = g.hasAttribute("data-from") ? g.getAttribute("data-from") : "0";
            String gTo = g.hasAttribute("data-to") ? g.getAttribute("data-to") : doc.getDocumentElement()
                    .getAttribute("data-frames").transform(n -> Integer.toString(Integer.parseInt(n) - 1));
            if (gFrom.equals(Integer.toString(from)) && gTo.equals(Integer.toString(to))) {
                out.add(g);
            }
        }
        return out;
    }

    private static int texts(Element g, String content) {
        NodeList ts = g.getElementsByTagName("text");
        int n = 0;
        for (int i = 0; i < ts.getLength(); i++) {
            if (ts.item(i).getTextContent().equals(content)) {
                n++;
            }
        }
        return n;
    }

    private static int rects(Element g, String fill) {
        return rects(g, fill, null);
    }

    private static int rects(Element g, String fill, String stroke) {
        NodeList rs = g.getElementsByTagName("rect");
        int n = 0;
        for (int i = 0; i < rs.getLength(); i++) {
            Element r = (Element) rs.item(i);
            if ((fill == null || fill.equals(property(r, "fill")))
                    && (stroke == null || stroke.equals(property(r, "stroke")))) {
                n++;
            }
        }
        return n;
    }

    /** A presentation property of {@code e}: from its class's rule in the style sheet. */
    private static String property(Element e, String name) {
        String sheet = e.getOwnerDocument().getElementsByTagName("style").item(0).getTextContent();
        Matcher rule = Pattern.compile("\\." + Pattern.quote(e.getAttribute("class")) + "\\{([^}]*)}").matcher(sheet);
        if (!rule.find()) {
            return null;
        }
        for (String declaration : rule.group(1).split(";")) {
            String[] kv = declaration.split(":", 2);
            if (kv[0].equals(name)) {
                return kv[1];
            }
        }
        return null;
    }

    @Test
    void eachLookIsOneClassSoACellCostsItsPositionOnly() {
        Animation a = Animations.build(AnimationSpec.of(new int[] {7, 7}, new int[] {3}).withChannels(3)
                .withFilters(2).withStride(2));
        String svg = SvgAnimation.render(a);
        long taps = a.frames().stream().mapToLong(f -> f.taps().size()).sum();
        // 486 window cells, each a highlight, its input value and its weight: under 200 bytes for the three
        assertThat(taps).isEqualTo(486);
        assertThat(svg.length()).isLessThan(120_000);
        assertThat(svg).doesNotContain(" fill=\"#e69f00\"").contains("{fill:#e69f00;");
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
