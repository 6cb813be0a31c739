package io.qhtrack.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

    @Test
    void escapesTheFiveCharactersThatMatterInTextAndQuotedAttributes() {
        assertThat(Html.esc("<script>alert('x') & \"y\"</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    }

    @Test
    void leavesOtherTextAloneIncludingChinese() {
        String text = "张三 Zhang San 138-0013-8000 ¥23.45";
        assertThat(Html.esc(text)).isSameAs(text);
    }

    @Test
    void nullIsEmptyAndObjectsUseToString() {
        assertThat(Html.esc(null)).isEmpty();
        assertThat(Html.esc(2345L)).isEqualTo("2345");
    }

    @Test
    void escapesAlreadyEscapedTextAgain() {
        assertThat(Html.esc("&lt;")).isEqualTo("&amp;lt;");
    }
}
