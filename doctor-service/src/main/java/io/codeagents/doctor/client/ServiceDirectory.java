package io.codeagents.doctor.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.doctor.config.ChecksConfig;
import io.codeagents.doctor.config.FixConfig;
import io.codeagents.doctor.config.ServiceUrls;

/** The four services the doctor watches, each with a client; built once from {@link ServiceUrls}. */
@ApplicationScoped
public class ServiceDirectory {

    public static final String MODEL_GATEWAY = "model-gateway";
    public static final String REVIEWER_AGENT = "reviewer-agent";
    public static final String DOWNLOAD_SERVICE = "download-service";
    public static final String GENERATOR_AGENT = "generator-agent";

    private final List<ServiceClient> clients;

    public ServiceDirectory(ServiceUrls urls, ChecksConfig checks, FixConfig fix, ObjectMapper mapper) {
        // The socket deadline covers the slowest caller (a fix); each call also carries its own, shorter, deadline.
        Duration readTimeout = max(fix.callTimeout(), checks.timeout());
        this.clients = List.of(
                new ServiceClient(new ServiceTarget(MODEL_GATEWAY, urls.modelGateway(), "MODEL_GATEWAY_URL"),
                        readTimeout, mapper),
                new ServiceClient(new ServiceTarget(GENERATOR_AGENT, urls.generatorAgent(), "GENERATOR_URL"),
                        readTimeout, mapper),
                new ServiceClient(new ServiceTarget(REVIEWER_AGENT, urls.reviewerAgent(), "REVIEWER_URL"),
                        readTimeout, mapper),
                new ServiceClient(new ServiceTarget(DOWNLOAD_SERVICE, urls.downloadService(), "DOWNLOAD_SERVICE_URL"),
                        readTimeout, mapper));
    }

    public List<ServiceClient> all() {
        return clients;
    }

    public ServiceClient get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    public Optional<ServiceClient> find(String name) {
        return clients.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
