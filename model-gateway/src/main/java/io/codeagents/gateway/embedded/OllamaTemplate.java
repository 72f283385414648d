package io.codeagents.gateway.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The subset of Go's text/template that Ollama's simpler prompt templates use: text, {@code {{ .Field }}},
 * {@code {{ if … }}…{{ else if … }}…{{ else }}…{{ end }}} (conditions: a field, {@code not}, {@code eq}, {@code ne}
 * with string literals), {@code {{ range .Messages }}…{{ end }}}, comments and the {@code {{-} / {@code -}}} trim
 * markers. Anything else (variables, pipelines, other functions) is {@link Unsupported}: the caller then falls back to
 * another prompt format rather than render a template half right.
 */
final class OllamaTemplate {

    /** A template construct outside the supported subset. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private sealed interface Node permits Text, Field, If, Range {
    }

    private record Text(String text) implements Node {
    }

    private record Field(String name) implements Node {
    }

    private record Branch(Condition condition, List<Node> body) {
    }

    private record If(List<Branch> branches, List<Node> otherwise) implements Node {
    }

    private record Range(String field, List<Node> body) implements Node {
    }

    /** {@code field}, {@code not field}, {@code eq field "x"}, {@code ne field "x"}. */
    private record Condition(String operator, String field, String literal) {
        boolean test(Map<String, Object> dot) {
            Object value = lookup(dot, field);
            return switch (operator) {
                case "not" -> !truthy(value);
                case "eq" -> literal.equals(value == null ? "" : value.toString());
                case "ne" -> !literal.equals(value == null ? "" : value.toString());
                default -> truthy(value);
            };
        }
    }

    private final List<Node> root;
    private final boolean usesMessages;

    private OllamaTemplate(List<Node> root, boolean usesMessages) {
        this.root = root;
        this.usesMessages = usesMessages;
    }

    /** Whether the template renders a whole chat ({@code .Messages}) rather than one system/prompt/response turn. */
    boolean usesMessages() {
        return usesMessages;
    }

    static OllamaTemplate parse(String source) throws Unsupported {
        Parser parser = new Parser(tokens(source));
        List<Node> nodes = parser.nodes();
        if (parser.position < parser.tokens.size()) {
            throw new Unsupported("unexpected {{ " + parser.tokens.get(parser.position).text + " }}");
        }
        return new OllamaTemplate(nodes, source.contains(".Messages"));
    }

    /**
     * Renders with {@code values} as the dot. With {@code cutAtResponse}, output stops at the first {@code .Response}
     * (what Ollama does for the turn the model is to answer: everything after the response slot is the model's job).
     */
    String render(Map<String, Object> values, boolean cutAtResponse) throws Unsupported {
        Output out = new Output(cutAtResponse);
        render(root, values, out);
        return out.text.toString();
    }

    private static final class Output {
        final StringBuilder text = new StringBuilder();
        final boolean cutAtResponse;
        boolean cut;

        Output(boolean cutAtResponse) {
            this.cutAtResponse = cutAtResponse;
        }

        void append(String s) {
            if (!cut) {
                text.append(s);
            }
        }
    }

    private static void render(List<Node> nodes, Map<String, Object> dot, Output out) throws Unsupported {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Field f) {
                if (out.cutAtResponse && f.name().equals("Response")) {
                    out.append(String.valueOf(dot.getOrDefault("Response", "")));
                    out.cut = true;
                    continue;
                }
                Object value = lookup(dot, f.name());
                if (value instanceof List<?>) {
                    throw new Unsupported("printing the list ." + f.name());
                }
                out.append(value == null ? "" : value.toString());
            } else if (node instanceof If i) {
                List<Node> chosen = i.otherwise();
                for (Branch branch : i.branches()) {
                    if (branch.condition().test(dot)) {
                        chosen = branch.body();
                        break;
                    }
                }
                render(chosen, dot, out);
            } else if (node instanceof Range r) {
                Object items = lookup(dot, r.field());
                if (items instanceof List<?> list) {
                    for (Object item : list) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> element = (Map<String, Object>) item;
                        render(r.body(), element, out);
                    }
                } else if (truthy(items)) {
                    throw new Unsupported("range over ." + r.field() + ", which is not a list");
                }
            }
        }
    }

    /** Missing fields are empty, as Ollama's optional values (tools, suffix, …) are when unset. */
    private static Object lookup(Map<String, Object> dot, String field) {
        return field.isEmpty() ? dot : dot.get(field);
    }

    private static boolean truthy(Object value) {
        if (value == null || value instanceof Boolean b && !b) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        return !(value instanceof List<?> list) || !list.isEmpty();
    }

    /** A piece of the source: text, or the inside of one {{ }} action (trim markers already applied). */
    private record Token(boolean action, String text) {
    }

    private static List<Token> tokens(String source) throws Unsupported {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        boolean trimNext = false;
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            String text = source.substring(i, open < 0 ? source.length() : open);
            if (trimNext) {
                text = text.stripLeading();
            }
            if (open < 0) {
                tokens.add(new Token(false, text));
                break;
            }
            int close = closing(source, open + 2);
            String inside = source.substring(open + 2, close);
            if (inside.startsWith("- ") || inside.startsWith("-\n") || inside.equals("-")) {
                text = text.stripTrailing();
                inside = inside.substring(1);
            }
            trimNext = inside.endsWith(" -") || inside.endsWith("\n-");
            if (trimNext) {
                inside = inside.substring(0, inside.length() - 1);
            }
            tokens.add(new Token(false, text));
            String action = inside.strip();
            if (!(action.startsWith("/*") && action.endsWith("*/"))) {
                tokens.add(new Token(true, action));
            }
            i = close + 2;
        }
        return tokens.stream().filter(t -> t.action() || !t.text().isEmpty()).toList();
    }

    /** The index of the }} closing an action that starts at {@code from}, skipping string literals. */
    private static int closing(String source, int from) throws Unsupported {
        boolean quoted = false;
        for (int i = from; i < source.length() - 1; i++) {
            char c = source.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '}' && source.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw new Unsupported("an action opened with {{ is never closed");
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int position;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        /** Nodes up to (not including) an {@code else}/{@code end} or the end of the template. */
        List<Node> nodes() throws Unsupported {
            List<Node> nodes = new ArrayList<>();
            while (position < tokens.size()) {
                Token token = tokens.get(position);
                if (!token.action()) {
                    nodes.add(new Text(token.text()));
                    position++;
                    continue;
                }
                String action = token.text();
                if (action.equals("end") || action.equals("else") || action.startsWith("else ")) {
                    return nodes;
                }
                position++;
                if (action.startsWith("if ")) {
                    nodes.add(conditional(condition(action.substring(3))));
                } else if (action.startsWith("range ")) {
                    String field = field(action.substring(6).strip());
                    List<Node> body = nodes();
                    expect("end", "range");
                    nodes.add(new Range(field, body));
                } else {
                    nodes.add(new Field(field(action)));
                }
            }
            return nodes;
        }

        private If conditional(Condition first) throws Unsupported {
            List<Branch> branches = new ArrayList<>();
            branches.add(new Branch(first, nodes()));
            while (true) {
                String action = next("if");
                if (action.equals("end")) {
                    return new If(branches, List.of());
                }
                if (action.equals("else")) {
                    List<Node> otherwise = nodes();
                    expect("end", "if");
                    return new If(branches, otherwise);
                }
                if (action.startsWith("else if ")) {
                    branches.add(new Branch(condition(action.substring(8)), nodes()));
                } else {
                    throw new Unsupported("{{ " + action + " }} inside an if");
                }
            }
        }

        private String next(String block) throws Unsupported {
            if (position >= tokens.size()) {
                throw new Unsupported("{{ " + block + " }} without {{ end }}");
            }
            return tokens.get(position++).text();
        }

        private void expect(String action, String block) throws Unsupported {
            String found = next(block);
            if (!found.equals(action)) {
                throw new Unsupported("{{ " + found + " }} where {{ " + action + " }} closes a " + block);
            }
        }

        private static Condition condition(String text) throws Unsupported {
            List<String> words = words(text.strip());
            if (words.size() == 1) {
                return new Condition("", field(words.get(0)), null);
            }
            if (words.size() == 2 && words.get(0).equals("not")) {
                return new Condition("not", field(words.get(1)), null);
            }
            if (words.size() == 3 && (words.get(0).equals("eq") || words.get(0).equals("ne"))) {
                boolean literalFirst = words.get(1).startsWith("\"");
                String field = field(words.get(literalFirst ? 2 : 1));
                return new Condition(words.get(0), field, literal(words.get(literalFirst ? 1 : 2)));
            }
            throw new Unsupported("the condition '" + text + "'");
        }

        /** {@code .Name} → Name, {@code .} → the dot itself. */
        private static String field(String text) throws Unsupported {
            if (text.equals(".")) {
                return "";
            }
            if (text.matches("\\.[A-Za-z_][A-Za-z0-9_]*")) {
                return text.substring(1);
            }
            throw new Unsupported("'" + text + "'");
        }

        private static String literal(String text) throws Unsupported {
            if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
                throw new Unsupported("'" + text + "' (a string literal was expected)");
            }
            return text.substring(1, text.length() - 1).replace("\\n", "\n").replace("\\t", "\t")
                    .replace("\\\"", "\"").replace("\\\\", "\\");
        }

        private static List<String> words(String text) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted && c == '\\' && i + 1 < text.length()) {
                    word.append(c).append(text.charAt(++i));
                } else if (c == '"') {
                    quoted = !quoted;
                    word.append(c);
                } else if (!quoted && Character.isWhitespace(c)) {
                    if (!word.isEmpty()) {
                        words.add(word.toString());
                        word.setLength(0);
                    }
                } else {
                    word.append(c);
                }
            }
            if (!word.isEmpty()) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
