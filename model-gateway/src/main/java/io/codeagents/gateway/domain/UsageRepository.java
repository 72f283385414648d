package io.codeagents.gateway.domain;

import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class UsageRepository implements PanacheRepository<UsageDay> {

    /** Adds counts to the day's row, creating it when needed (one statement, safe across replicas). */
    @Transactional
    public void add(LocalDate day, String apiKey, String model, String backend, long requests, long errors,
            long cacheHits, long promptTokens, long completionTokens) {
        getEntityManager().createNativeQuery("""
                -- native SQL does not see the ORM default schema, hence the qualified name
                INSERT INTO gateway.usage_daily (day, api_key, model, backend, requests, errors, cache_hits, prompt_tokens,
                                         completion_tokens)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                ON CONFLICT ON CONSTRAINT usage_daily_key DO UPDATE SET
                    requests = usage_daily.requests + EXCLUDED.requests,
                    errors = usage_daily.errors + EXCLUDED.errors,
                    cache_hits = usage_daily.cache_hits + EXCLUDED.cache_hits,
                    prompt_tokens = usage_daily.prompt_tokens + EXCLUDED.prompt_tokens,
                    completion_tokens = usage_daily.completion_tokens + EXCLUDED.completion_tokens
                """).setParameter(1, day).setParameter(2, apiKey).setParameter(3, model).setParameter(4, backend)
                .setParameter(5, requests).setParameter(6, errors).setParameter(7, cacheHits)
                .setParameter(8, promptTokens).setParameter(9, completionTokens).executeUpdate();
    }

    public List<UsageDay> since(LocalDate first) {
        return list("day >= ?1 order by day desc, apiKey, model, backend", first);
    }
}
