package io.codeagents.doctor.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a check found, before the runner adds the check's id, category and duration: a status, a one-line summary, the
 * figures behind it, what to do about it and whether {@code POST /doctor/fix} can do it.
 */
public record Finding(CheckStatus status, String summary, Map<String, Object> details, String fix, boolean fixable) {

    public Finding {
        details = details == null ? Map.of() : details;
    }

    public static Finding ok(String summary) {
        return new Finding(CheckStatus.OK, summary, null, null, false);
    }

    public static Finding warning(String summary, String fix) {
        return new Finding(CheckStatus.WARNING, summary, null, fix, false);
    }

    public static Finding critical(String summary, String fix) {
        return new Finding(CheckStatus.CRITICAL, summary, null, fix, false);
    }

    /** The check could not judge, because something it depends on is reported by another check. */
    public static Finding skipped(String summary) {
        return new Finding(CheckStatus.SKIPPED, summary, null, null, false);
    }

    public static Finding of(CheckStatus status, String summary, String fixWhenNotOk) {
        return new Finding(status, summary, null, status == CheckStatus.OK ? null : fixWhenNotOk, false);
    }

    public Finding detail(String name, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new Finding(status, summary, more, fix, fixable);
    }

    /** Marks the finding as one {@code POST /doctor/fix} can remedy (only meaningful when it is not ok). */
    public Finding asFixable() {
        return new Finding(status, summary, details, fix, status == CheckStatus.WARNING || status == CheckStatus.CRITICAL);
    }
}
