package io.codeagents.gateway.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.codeagents.gateway.client.ChatMessage;
import io.codeagents.gateway.client.InferenceRequest;

/**
 * The text an embedded model is given for a request. A prompt ({@code /v1/completions}) is used as it is. A chat is
 * rendered with, in this order: the manifest's template layer (Ollama's Go-template syntax, when it stays within the
 * subset {@link OllamaTemplate} renders — what Ollama itself would use), else the chat template in the GGUF file
 * (applied by llama.cpp), else plain {@code Role: content} lines ending with {@code Assistant:}.
 */
record ChatPrompt(String text, Source source, String note) {

    enum Source {
        /** A completion prompt, untouched. */
        RAW,
        /** The manifest's template layer. */
        MANIFEST_TEMPLATE,
        /** {@code tokenizer.chat_template} of the GGUF file, via llama.cpp. */
        MODEL_TEMPLATE,
        /** {@code Role: content} lines. */
        PLAIN
    }

    /**
     * @param modelTemplate renders (system, user/assistant turns) with the GGUF's own template; null when it has none
     */
    static ChatPrompt of(InferenceRequest request, StoredModel model,
            BiFunction<String, List<ChatMessage>, String> modelTemplate) {
        if (!request.isChat()) {
            return new ChatPrompt(request.prompt(), Source.RAW, null);
        }
        List<ChatMessage> messages = withDefaultSystem(request.messages(), model.system());
        String unsupported = null;
        if (model.template() != null && !model.template().isBlank()) {
            try {
                return new ChatPrompt(render(OllamaTemplate.parse(model.template()), messages),
                        Source.MANIFEST_TEMPLATE, null);
            } catch (OllamaTemplate.Unsupported e) {
                unsupported = "its template layer uses " + e.getMessage() + ", which the gateway does not render";
            }
        }
        if (modelTemplate != null) {
            StringBuilder system = new StringBuilder();
            List<ChatMessage> turns = new ArrayList<>();
            for (ChatMessage m : messages) {
                if ("system".equals(m.role())) {
                    system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
                } else {
                    // llama.cpp's template call takes user and assistant turns only; a tool result is the user's input
                    turns.add(new ChatMessage("assistant".equals(m.role()) ? "assistant" : "user", m.content()));
                }
            }
            return new ChatPrompt(modelTemplate.apply(system.isEmpty() ? null : system.toString(), turns),
                    Source.MODEL_TEMPLATE, unsupported);
        }
        String plain = InferenceRequest.promptText(messages);
        return new ChatPrompt(plain, Source.PLAIN, unsupported);
    }

    private static List<ChatMessage> withDefaultSystem(List<ChatMessage> messages, String system) {
        if (system == null || system.isBlank() || messages.stream().anyMatch(m -> "system".equals(m.role()))) {
            return messages;
        }
        List<ChatMessage> all = new ArrayList<>(messages.size() + 1);
        all.add(new ChatMessage("system", system));
        all.addAll(messages);
        return all;
    }

    /** As Ollama executes templates: once over all messages, or turn by turn for system/prompt/response templates. */
    static String render(OllamaTemplate template, List<ChatMessage> messages) throws OllamaTemplate.Unsupported {
        List<ChatMessage> collated = collate(messages);
        StringBuilder system = new StringBuilder();
        for (ChatMessage m : messages) {
            if ("system".equals(m.role())) {
                system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
            }
        }
        if (template.usesMessages()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ChatMessage m : collated) {
                list.add(Map.of("Role", m.role(), "Content", m.content()));
            }
            Map<String, Object> values = new HashMap<>();
            values.put("System", system.toString());
            values.put("Messages", list);
            values.put("Response", "");
            return template.render(values, true);
        }
        StringBuilder out = new StringBuilder();
        String turnSystem = "";
        String prompt = "";
        String response = "";
        for (ChatMessage m : collated) {
            switch (m.role()) {
                case "system" -> {
                    if (!prompt.isEmpty() || !response.isEmpty()) {
                        out.append(template.render(turn(turnSystem, prompt, response), false));
                        prompt = "";
                        response = "";
                    }
                    turnSystem = m.content();
                }
                case "assistant" -> response = m.content();
                default -> {
                    if (!response.isEmpty()) {
                        out.append(template.render(turn(turnSystem, prompt, response), false));
                        turnSystem = "";
                        response = "";
                    }
                    prompt = m.content();
                }
            }
        }
        return out.append(template.render(turn(turnSystem, prompt, response), true)).toString();
    }

    private static Map<String, Object> turn(String system, String prompt, String response) {
        return Map.of("System", system, "Prompt", prompt, "Response", response);
    }

    /** Consecutive messages of one role become one, joined by a blank line (as Ollama collates them). */
    private static List<ChatMessage> collate(List<ChatMessage> messages) {
        List<ChatMessage> collated = new ArrayList<>();
        for (ChatMessage m : messages) {
            int last = collated.size() - 1;
            if (last >= 0 && collated.get(last).role().equals(m.role())) {
                collated.set(last, new ChatMessage(m.role(), collated.get(last).content() + "\n\n" + m.content()));
            } else {
                collated.add(m);
            }
        }
        return collated;
    }
}
