package io.edgeway.bench.sfu.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SfuReportTest {

    @Test
    void aProbeMessageBecomesOneTableCell() {
        String playwright = "page.goto: Timeout 30000ms exceeded.\nCall log:\n\u001b[2m  - navigating to \"http://x/\"\u001b[22m\n";
        assertThat(SfuReport.oneLine(playwright)).isEqualTo("page.goto: Timeout 30000ms exceeded.");
        assertThat(SfuReport.oneLine("a | b")).doesNotContain("|");
        assertThat(SfuReport.oneLine("x".repeat(300))).hasSize(120).endsWith("...");
    }
}
