package io.codeagents.generator.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a model's Markdown answer into its fenced code blocks (``` or ~~~, with or without an info string), keeping
 * for each the tag, any file name the model gave it (in the info string or in the line just before the fence) and
 * whether the answer ended before the block was closed.
 */
final class FencedBlocks {

    private static final Pattern OPENING = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*(.*)$");
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9_./-]+\\.[A-Za-z0-9]+)");
    private static final Pattern THINKING = Pattern.compile("(?s)<think>.*?(</think>|$)");

    /** One fenced block: its tag (lower case, may be empty), a file name hint (may be empty) and its lines. */
    record Block(String tag, String fileHint, String content, boolean unclosed) {
    }

    private FencedBlocks() {
    }

    /** Reasoning models think aloud before answering; code sketched there is not the answer. */
    static String withoutThinking(String answer) {
        return THINKING.matcher(answer).replaceAll("");
    }

    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String previousProse = "";
        int i = 0;
        while (i < lines.length) {
            Matcher opening = OPENING.matcher(lines[i]);
            if (!opening.matches() || opening.group(1).charAt(0) == '`' && opening.group(2).contains("`")) {
                if (!lines[i].isBlank()) {
                    previousProse = lines[i];
                }
                i++;
                continue;
            }
            String fence = opening.group(1);
            String info = opening.group(2).trim();
            StringBuilder content = new StringBuilder();
            int j = i + 1;
            boolean closed = false;
            for (; j < lines.length; j++) {
                if (isClosing(lines[j], fence)) {
                    closed = true;
                    break;
                }
                content.append(lines[j]).append('\n');
            }
            blocks.add(new Block(tag(info), fileHint(info, previousProse), content.toString(), !closed));
            previousProse = "";
            i = j + 1;
        }
        return blocks;
    }

    private static boolean isClosing(String line, String fence) {
        String trimmed = line.strip();
        return trimmed.length() >= fence.length() && trimmed.chars().allMatch(c -> c == fence.charAt(0))
                && line.indexOf(fence.charAt(0)) <= 3;
    }

    /** {@code python}, {@code {.python}}, {@code python:solution.py}, {@code solution.py} → python / py. */
    private static String tag(String info) {
        String first = firstToken(info).toLowerCase(Locale.ROOT);
        if (first.startsWith(".")) {
            first = first.substring(1);
        }
        int dot = first.lastIndexOf('.');
        if (dot > 0 && dot < first.length() - 1) {
            return first.substring(dot + 1);
        }
        return first;
    }

    private static String firstToken(String info) {
        for (String token : info.split("[\\s{}:,]+")) {
            if (!token.isEmpty()) {
                return token;
            }
        }
        return "";
    }

    private static String fileHint(String info, String previousProse) {
        Matcher inInfo = FILE_NAME.matcher(info);
        if (inInfo.find()) {
            return inInfo.group(1).toLowerCase(Locale.ROOT);
        }
        Matcher inProse = FILE_NAME.matcher(previousProse);
        String found = "";
        while (inProse.find()) {
            found = inProse.group(1);
        }
        return found.toLowerCase(Locale.ROOT);
    }
}
