package io.codeagents.generator.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.generator.client.ChatMessage;
import io.codeagents.generator.client.ReviewResult.Finding;
import io.codeagents.generator.client.ReviewResult.TestFailure;
import io.codeagents.generator.config.GenerationConfig;

/**
 * The prompts: one asking for an implementation and pytest tests importing it from {@code solution}, and one asking to
 * fix the previous attempt, carrying the failing tests' messages and the reviewer's errors word for word (the model can
 * only fix what it is shown).
 */
@ApplicationScoped
public class PromptBuilder {

    private final int maxFeedbackChars;

    public PromptBuilder(GenerationConfig config) {
        this.maxFeedbackChars = config.maxFeedbackChars();
    }

    public List<ChatMessage> initial(String taskDescription, Language language) {
        return List.of(ChatMessage.system(system(language)), ChatMessage.user("Task:\n" + taskDescription.strip()));
    }

    public List<ChatMessage> refinement(String taskDescription, Language language, ReviewFeedback feedback) {
        String fence = "```" + language.wireName();
        StringBuilder user = new StringBuilder();
        user.append("Task:\n").append(taskDescription.strip()).append("\n\n");
        user.append("Your previous attempt (iteration ").append(feedback.iteration()).append(") did not pass review");
        if (feedback.summary() != null && !feedback.summary().isBlank()) {
            user.append(": ").append(feedback.summary().strip());
        }
        user.append(".\n\n");
        if (feedback.code() != null && !feedback.code().isBlank()) {
            user.append("Previous ").append(language.codeFile()).append(":\n").append(fence).append('\n')
                    .append(feedback.code().strip()).append("\n```\n\n");
        }
        if (feedback.tests() != null && !feedback.tests().isBlank()) {
            user.append("Previous ").append(language.testFile()).append(":\n").append(fence).append('\n')
                    .append(feedback.tests().strip()).append("\n```\n\n");
        }
        user.append(reviewerReport(feedback));
        user.append("\nFix the implementation so that the tests pass; change a test only if the test itself is wrong. ")
                .append("Answer again with the two complete files, ").append(language.codeFile()).append(" then ")
                .append(language.testFile()).append(", each in its own fenced block.");
        return List.of(ChatMessage.system(system(language)), ChatMessage.user(user.toString()));
    }

    private String reviewerReport(ReviewFeedback feedback) {
        StringBuilder report = new StringBuilder();
        if (!feedback.failures().isEmpty()) {
            report.append("Failing tests:\n");
            for (TestFailure failure : feedback.failures()) {
                report.append("- ").append(failure.test()).append(": ").append(failure.message()).append('\n');
            }
        }
        if (!feedback.errors().isEmpty()) {
            report.append("Errors found by the reviewer:\n");
            for (Finding finding : feedback.errors()) {
                report.append("- ");
                if (finding.line() != null) {
                    report.append("line ").append(finding.line()).append(": ");
                }
                report.append(finding.message());
                if (finding.rule() != null) {
                    report.append(" [").append(finding.rule()).append(']');
                }
                if (finding.hint() != null && !finding.hint().isBlank()) {
                    report.append(" (hint: ").append(finding.hint()).append(')');
                }
                report.append('\n');
            }
        }
        boolean unexplained = feedback.failures().isEmpty() && feedback.testStatus() != null
                && !"passed".equals(feedback.testStatus()) && !"skipped".equals(feedback.testStatus());
        if (unexplained && feedback.testOutput() != null && !feedback.testOutput().isBlank()) {
            report.append("Test run ").append(feedback.testStatus()).append(", output:\n")
                    .append(tail(feedback.testOutput(), maxFeedbackChars / 2)).append('\n');
        }
        return report.length() > maxFeedbackChars
                ? report.substring(0, maxFeedbackChars) + "\n[… report shortened]\n"
                : report.toString();
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text.strip() : "[…]" + text.substring(text.length() - max).strip();
    }

    private static String system(Language language) {
        return "You are an expert " + capitalised(language.wireName())
                + " developer. You write a correct, self-contained implementation of the task and pytest unit tests for it.\n"
                + "Answer with exactly two fenced code blocks tagged " + language.wireName() + ":\n"
                + "1. the complete file " + language.codeFile()
                + ": the implementation, standard library only, nothing that runs or reads input on import;\n"
                + "2. the complete file " + language.testFile() + ": pytest tests that import what they test with `from "
                + language.moduleName() + " import ...` and check normal cases, edge cases and errors with plain asserts.\n"
                + "Keep explanations short; put all code inside the two blocks.";
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
