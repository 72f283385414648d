package io.codeagents.doctor.rest;

import io.codeagents.doctor.domain.CheckResult;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Report;
import io.codeagents.doctor.fix.FixAction;
import io.codeagents.doctor.fix.FixOutcome;
import io.codeagents.doctor.fix.FixReport;

/** The human table of {@code ?format=text}: one line per check (✓ / ! / ✗ / -), its fix below, a summary line last. */
final class ReportText {

    private ReportText() {
    }

    static String render(Report report) {
        int width = report.checks().stream().mapToInt(c -> c.id().length()).max().orElse(10) + 2;
        StringBuilder text = new StringBuilder("codeagents doctor — ").append(report.generatedAt()).append('\n');
        for (CheckResult check : report.checks()) {
            text.append(check.status().symbol()).append(' ').append(pad(check.id(), width)).append(check.summary())
                    .append('\n');
            if (check.fix() != null && check.status() != CheckStatus.OK) {
                text.append(" ".repeat(width + 2)).append("fix: ").append(check.fix())
                        .append(check.fixable() ? " [fixable]" : "").append('\n');
            }
        }
        if (report.historyError() != null) {
            text.append("(").append(report.historyError()).append(")\n");
        }
        return text.append(report.status().wire()).append(": ").append(report.counts().describe()).append(" in ")
                .append(report.durationMs()).append(" ms\n").toString();
    }

    static String render(FixReport report) {
        int width = report.fixes().stream().mapToInt(f -> f.check().length()).max().orElse(10) + 2;
        StringBuilder text = new StringBuilder(report.dryRun()
                ? "codeagents doctor fix (dry run)\n"
                : "codeagents doctor fix\n");
        for (FixOutcome fix : report.fixes()) {
            text.append(symbol(fix)).append(' ').append(pad(fix.check(), width)).append(fix.outcome().replace('_', ' '));
            if (fix.summary() != null) {
                text.append(": ").append(fix.summary());
            }
            text.append('\n');
            if (fix.actions() != null) {
                for (FixAction action : fix.actions()) {
                    text.append(" ".repeat(width + 2)).append(action.outcome()).append(' ').append(action.call());
                    if (action.target() != null) {
                        text.append(" (").append(action.target()).append(')');
                    }
                    if (action.detail() != null) {
                        text.append(": ").append(action.detail());
                    }
                    text.append('\n');
                }
            }
            if (fix.statusAfter() != null) {
                text.append(" ".repeat(width + 2)).append("now ").append(fix.statusAfter().wire()).append(": ")
                        .append(fix.summaryAfter()).append('\n');
            }
        }
        return text.append(report.summary()).append(" in ").append(report.durationMs()).append(" ms\n").toString();
    }

    private static String symbol(FixOutcome fix) {
        return switch (fix.outcome()) {
            case FixAction.APPLIED, FixOutcome.NOT_NEEDED -> "✓";
            case FixAction.FAILED -> "✗";
            default -> "!";
        };
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
