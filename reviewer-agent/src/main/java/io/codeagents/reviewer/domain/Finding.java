package io.codeagents.reviewer.domain;

/**
 * One static-analysis finding, located in {@code solution.py} or {@code test_solution.py} (1-based line and column).
 */
public record Finding(String file, String rule, Severity severity, int line, int column, String message, String hint) {

    public boolean isSecurity() {
        return rule.startsWith("S");
    }

    public boolean isSyntaxError() {
        return "E999".equals(rule);
    }

    public String location() {
        return file + ":" + line + ":" + column;
    }
}
