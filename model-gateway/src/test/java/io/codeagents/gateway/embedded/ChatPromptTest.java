package io.codeagents.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.codeagents.gateway.client.ChatMessage;
import io.codeagents.gateway.client.InferenceRequest;

/** Ollama templates rendered as Ollama renders them, and the choice between the prompt formats. */
class ChatPromptTest {

    private static final List<ChatMessage> CHAT = List.of(new ChatMessage("system", "You write Python."),
            new ChatMessage("user", "add two numbers"));

    private static String render(String template, List<ChatMessage> messages) throws OllamaTemplate.Unsupported {
        return ChatPrompt.render(OllamaTemplate.parse(template), messages);
    }

    @Test
    void systemPromptResponseTemplateStopsWhereTheModelAnswers() throws Exception {
        assertEquals("<|im_start|>system\nYou write Python.<|im_end|>\n<|im_start|>user\nadd two numbers<|im_end|>\n"
                + "<|im_start|>assistant\n", render(EmbeddedModels.CHATML_TEMPLATE, CHAT));
    }

    @Test
    void earlierTurnsAreRenderedWholeOneByOne() throws Exception {
        List<ChatMessage> chat = List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello"),
                new ChatMessage("user", "bye"));
        assertEquals("[INST] hi [/INST]hello</s>[INST] bye [/INST]",
                render("{{ if .System }}<<SYS>>{{ .System }}<</SYS>>{{ end }}[INST] {{ .Prompt }} [/INST]"
                        + "{{ .Response }}</s>", chat));
    }

    @Test
    void messagesTemplateWithConditionsAndTrimMarkers() throws Exception {
        String template = """
                {{- range .Messages }}
                {{- if eq .Role "system" }}<sys>{{ .Content }}</sys>
                {{- else if eq .Role "user" }}<user>{{ .Content }}</user>
                {{- else }}<bot>{{ .Content }}</bot>
                {{- end }}
                {{- end }}<bot>""";
        assertEquals("<sys>You write Python.</sys><user>add two numbers</user><bot>", render(template, CHAT));
    }

    @Test
    void consecutiveMessagesOfOneRoleAreJoined() throws Exception {
        List<ChatMessage> chat = List.of(new ChatMessage("user", "a"), new ChatMessage("user", "b"));
        assertEquals("U:a\n\nb|", render("{{ range .Messages }}U:{{ .Content }}|{{ end }}", chat));
    }

    @Test
    void commentsAndNotAreSupported() throws Exception {
        assertEquals("no system: add two numbers", render("{{/* a comment */}}{{ if not .System }}no system: "
                + "{{ end }}{{ .Prompt }}", List.of(new ChatMessage("user", "add two numbers"))));
    }

    @Test
    void constructsOutsideTheSubsetAreUnsupported() {
        // excerpts of real Ollama templates (qwen2.5-coder with tools, llama3.1)
        for (String template : new String[]{"{{- range $i, $_ := .Messages }}{{ end }}",
                "{{ if .Tools }}{{ range .Tools }}{{ json . }}{{ end }}{{ end }}",
                "{{ $last := eq (len (slice $.Messages $i)) 1 }}", "{{ .Prompt | trim }}", "{{ if .System }}x"}) {
            assertThrows(OllamaTemplate.Unsupported.class, () -> OllamaTemplate.parse(template).render(
                    java.util.Map.of(), false), template);
        }
    }

    @Test
    void manifestTemplateFirstThenTheModelsOwnThenPlainLines() {
        InferenceRequest chat = new InferenceRequest("m", CHAT, null, null, null, null, null, null, null);
        StoredModel withTemplate = model("{{ .Prompt }}!", null);
        StoredModel withoutTemplate = model(null, null);
        StoredModel unsupported = model("{{ .Prompt | trim }}", null);

        ChatPrompt manifest = ChatPrompt.of(chat, withTemplate, (s, t) -> "own");
        assertEquals(ChatPrompt.Source.MANIFEST_TEMPLATE, manifest.source());
        assertEquals("add two numbers!", manifest.text());

        ChatPrompt own = ChatPrompt.of(chat, unsupported, (system, turns) -> system + "|" + turns);
        assertEquals(ChatPrompt.Source.MODEL_TEMPLATE, own.source());
        assertEquals("You write Python.|[ChatMessage[role=user, content=add two numbers]]", own.text());
        assertTrue(own.note().contains("'|'") || own.note().contains("trim"), own.note());

        ChatPrompt plain = ChatPrompt.of(chat, withoutTemplate, null);
        assertEquals(ChatPrompt.Source.PLAIN, plain.source());
        assertEquals("System: You write Python.\nUser: add two numbers\nAssistant:", plain.text());
        assertNull(plain.note());

        InferenceRequest completion = new InferenceRequest("m", null, "def add(", null, null, null, null, null, null);
        assertEquals(new ChatPrompt("def add(", ChatPrompt.Source.RAW, null),
                ChatPrompt.of(completion, withTemplate, null));
    }

    @Test
    void theModelsDefaultSystemMessageIsUsedWhenTheChatHasNone() {
        InferenceRequest chat = new InferenceRequest("m", List.of(new ChatMessage("user", "hi")), null, null, null,
                null, null, null, null);
        assertEquals("Be brief.|hi", ChatPrompt.of(chat, model("{{ .System }}|{{ .Prompt }}", "Be brief."), null)
                .text());
    }

    private static StoredModel model(String template, String system) {
        return new StoredModel("m:1", Path.of("/nowhere"), "sha256:00", 0, template, system, null);
    }
}
