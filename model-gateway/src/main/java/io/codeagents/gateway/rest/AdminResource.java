package io.codeagents.gateway.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.gateway.domain.UsageDay;
import io.codeagents.gateway.domain.UsageRepository;
import io.codeagents.gateway.service.ResponseCache;
import io.codeagents.gateway.service.UsageRecorder;
import io.smallrye.mutiny.Uni;

/** Operator endpoints: flush the response cache, read usage. */
@Path("/v1")
@RequiresScope(Scope.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    public record Usage(LocalDate day, String apiKey, String model, String backend, long requests, long errors,
            long cacheHits, long promptTokens, long completionTokens) {
    }

    public record UsageReport(int days, LocalDate since, List<Usage> usage) {
    }

    private final ResponseCache cache;
    private final UsageRecorder recorder;
    private final UsageRepository repository;

    public AdminResource(ResponseCache cache, UsageRecorder recorder, UsageRepository repository) {
        this.cache = cache;
        this.recorder = recorder;
        this.repository = repository;
    }

    @DELETE
    @Path("/cache")
    public Uni<Map<String, Long>> flushCache() {
        return cache.flush().map(n -> Map.of("deleted", n)).onFailure().transform(
                e -> new ApiException(ErrorCode.SYS_002, "Redis is unavailable, the cache was not flushed: "
                        + e.getMessage()));
    }

    /** Runs on a worker thread (blocking JDBC). */
    @GET
    @Path("/usage")
    public UsageReport usage(@QueryParam("days") @DefaultValue("7") @Min(1) @Max(366) int days) {
        recorder.flush();
        LocalDate since = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L);
        List<Usage> rows = repository.since(since).stream().map(AdminResource::row).toList();
        return new UsageReport(days, since, rows);
    }

    private static Usage row(UsageDay d) {
        return new Usage(d.day, d.apiKey, d.model, d.backend, d.requests, d.errors, d.cacheHits, d.promptTokens,
                d.completionTokens);
    }
}
