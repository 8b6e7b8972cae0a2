package io.plotstream.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

    @Test
    void escapesEverythingThatCouldOpenATagOrLeaveAnAttribute() {
        assertThat(Html.escape("<img src=x onerror=\"a('&')\">"))
                .isEqualTo("&lt;img src=x onerror=&quot;a(&#39;&amp;&#39;)&quot;&gt;");
    }

    @Test
    void leavesPlainTextAlone() {
        assertThat(Html.escape("temps-1")).isEqualTo("temps-1");
    }
}
