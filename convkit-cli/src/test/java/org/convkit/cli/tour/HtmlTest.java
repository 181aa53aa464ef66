package org.convkit.cli.tour;

import static org.assertj.core.api.Assertions.assertThat;

import org.convkit.tensor.Tensor;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** The page's fragments: escaping, numbers as people read them, matrices. */
class HtmlTest {
    @Test
    void escapesMarkupAndQuotes() {
        assertThat(Html.esc("<a href=\"x\">&</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        assertThat(Jsoup.parse(Html.formula("n < 3 & m > \"2\"")).select("pre").text()).isEqualTo("n < 3 & m > \"2\"");
    }

    @Test
    void numbersDropATrailingPointAndGroupThousands() {
        assertThat(Html.num(3.0, 2)).isEqualTo("3");
        assertThat(Html.num(-0.5, 3)).isEqualTo("-0.500");
        assertThat(Html.num(Double.NaN, 2)).isEqualTo("NaN");
        assertThat(Html.count(1849688064L)).isEqualTo("1\u2009849\u2009688\u2009064");
    }

    @Test
    void aMatrixIsOneRowPerLine() {
        String html = Html.matrix(Tensor.arange(1, 1, 2, 3), 0, "x");
        var rows = Jsoup.parse("<table>" + html.substring(html.indexOf('>') + 1)).select("tr");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).text()).isEqualTo("3 4 5");
    }
}
