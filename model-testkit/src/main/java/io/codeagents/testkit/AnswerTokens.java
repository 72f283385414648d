package io.codeagents.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the chunks a model would stream: each token is a word with the whitespace before it (like BPE
 * tokens " word"), so the tokens concatenated give back the text exactly. The same rule counts prompt tokens, which
 * makes usage figures predictable in tests.
 */
public final class AnswerTokens {

    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+");

    private AnswerTokens() {
    }

    public static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return tokens;
        }
        Matcher matcher = TOKEN.matcher(text);
        int end = 0;
        while (matcher.find()) {
            tokens.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            String tail = text.substring(end);
            if (tokens.isEmpty()) {
                tokens.add(tail);
            } else {
                tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + tail);
            }
        }
        return tokens;
    }

    public static int count(String text) {
        return split(text).size();
    }
}
