package io.codeagents.gateway.rest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.http.RequestIds;
import io.codeagents.gateway.client.ChatMessage;
import io.codeagents.gateway.client.InferenceRequest;
import io.codeagents.gateway.service.InferenceCall;
import io.codeagents.gateway.service.InferenceService;
import io.vertx.core.buffer.Buffer;

/**
 * The OpenAI-compatible inference endpoints. One method answers both JSON and SSE (the body's {@code stream} decides),
 * so it returns a {@link RestMulti} whose status and headers are set once the first target has started generating.
 * Bodies are checked by {@link RequestChecks} (not Bean Validation, which is too costly per request here).
 */
@Path("/v1")
@RequiresScope(Scope.GENERATE)
public class CompletionsResource {

    private final InferenceService inference;
    private final Callers callers;

    public CompletionsResource(InferenceService inference, Callers callers) {
        this.inference = inference;
        this.callers = callers;
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestMulti<Buffer> chat(ChatCompletionRequest body, @RestHeader("Cache-Control") String cacheControl,
            @RestHeader("Authorization") String authorization, @RestHeader(RequestIds.HEADER) String requestId) {
        RequestChecks.check(body);
        List<ChatMessage> messages = body.messages().stream().map(m -> new ChatMessage(m.role(), m.content()))
                .toList();
        Integer maxTokens = body.maxCompletionTokens() != null ? body.maxCompletionTokens() : body.maxTokens();
        InferenceRequest request = new InferenceRequest(null, messages, null, body.temperature(), body.topP(),
                maxTokens, stops(body.stop()), body.seed(), body.numCtx(), logitBias(body.logitBias()), requestId);
        return respond(true, body.model(), request, body.stream(), body.streamOptions(), cacheControl, authorization);
    }

    @POST
    @Path("/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestMulti<Buffer> complete(CompletionRequest body, @RestHeader("Cache-Control") String cacheControl,
            @RestHeader("Authorization") String authorization, @RestHeader(RequestIds.HEADER) String requestId) {
        RequestChecks.check(body);
        InferenceRequest request = new InferenceRequest(null, null, body.prompt(), body.temperature(), body.topP(),
                body.maxTokens(), stops(body.stop()), body.seed(), body.numCtx(), logitBias(body.logitBias()), requestId);
        return respond(false, body.model(), request, body.stream(), body.streamOptions(), cacheControl, authorization);
    }

    private RestMulti<Buffer> respond(boolean chat, String model, InferenceRequest request, Boolean stream,
            ChatCompletionRequest.StreamOptions options, String cacheControl, String authorization) {
        boolean streaming = Boolean.TRUE.equals(stream);
        boolean noCache = cacheControl != null && (cacheControl.contains("no-cache") || cacheControl.contains("no-store"));
        InferenceCall call = new InferenceCall(model, request, streaming, noCache, callers.name(authorization));
        boolean includeUsage = options != null && Boolean.TRUE.equals(options.includeUsage());
        OpenAiWire wire = new OpenAiWire(chat);
        return RestMulti.fromUniResponse(inference.serve(call),
                answer -> streaming ? wire.stream(answer, includeUsage) : wire.whole(answer),
                answer -> wire.headers(answer, streaming), answer -> 200);
    }

    private static final Pattern TOKEN_ID = Pattern.compile("[0-9]{1,9}");

    /** OpenAI's {@code logit_bias}: token ids (as strings) to a bias from -100 (never) to 100 (always). */
    static Map<Integer, Double> logitBias(Map<String, Double> bias) {
        if (bias == null || bias.isEmpty()) {
            return null;
        }
        if (bias.size() > 300) {
            throw ApiException.invalid("logit_bias", "at most 300 tokens");
        }
        Map<Integer, Double> byToken = new TreeMap<>();
        for (Map.Entry<String, Double> entry : bias.entrySet()) {
            Double value = entry.getValue();
            if (!TOKEN_ID.matcher(entry.getKey()).matches() || value == null || value < -100 || value > 100) {
                throw ApiException.invalid("logit_bias", "maps token ids to a bias between -100 and 100, got "
                        + entry.getKey() + ": " + value);
            }
            byToken.put(Integer.valueOf(entry.getKey()), value);
        }
        return byToken;
    }

    /** OpenAI's {@code stop}: absent, one string, or up to four strings. */
    static List<String> stops(Object stop) {
        if (stop == null) {
            return null;
        }
        if (stop instanceof String s) {
            return List.of(s);
        }
        if (stop instanceof List<?> list && list.size() <= 16 && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw ApiException.invalid("stop", "must be a string or an array of strings");
    }
}
