package io.codeagents.download.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.model.ModelName;
import io.codeagents.download.config.RegistryConfig;
import io.codeagents.download.config.TransferConfig;
import io.codeagents.download.testing.FastPulls;
import io.codeagents.download.testing.SelfSignedCertificate;
import io.codeagents.download.testing.TestModel;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * The configured registry's username and password stay with it. A model name may name any registry host
 * ({@code localhost:5000/library/shared}); what the configured registry asked for and was given must never reach
 * another, even one serving a repository of the same name, and another registry asking for Basic credentials gets none.
 * Two real servers: the configured registry over plain HTTP wanting Basic credentials, and another over HTTPS on
 * {@code localhost} (a model named with a host is fetched over HTTPS), both recording every {@code Authorization}.
 */
class RegistryClientCredentialsTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final String USERNAME = "puller";
    private static final String PASSWORD = "s3cret:with colon";
    private static final TestModel SHARED = TestModel.of("library", "shared", "v1", 1024, 5);
    private static final List<String> HOME_SAW = new CopyOnWriteArrayList<>();
    private static final List<String> ELSEWHERE_SAW = new CopyOnWriteArrayList<>();
    private static HttpServer home;
    private static HttpServer elsewhere;
    private static RegistryClient client;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        home = VERTX.createHttpServer()
                .requestHandler(request -> serve(request, HOME_SAW, "library/shared"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        elsewhere = VERTX.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certificate().toString())
                        .setKeyPath(certificate.key().toString())))
                .requestHandler(request -> serve(request, ELSEWHERE_SAW, "library/private"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        // the service's own settings and defaults, with the converters Quarkus registers for them
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RegistryConfig.class)
                .withMapping(TransferConfig.class).withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(Map.of("download.registry.url", "http://127.0.0.1:" + home.actualPort(),
                        "download.registry.username", USERNAME, "download.registry.password", PASSWORD,
                        "download.registry.ca-file", certificate.certificate().toString()))
                .build();
        client = new RegistryClient(config.getConfigMapping(RegistryConfig.class),
                config.getConfigMapping(TransferConfig.class));
    }

    /** Serves SHARED's manifest under any repository; {@code wantsBasic} only to the configured credentials. */
    private static void serve(HttpServerRequest request, List<String> saw, String wantsBasic) {
        String authorization = request.getHeader("Authorization");
        saw.add(authorization == null ? "(none)" : authorization);
        if (request.path().startsWith("/v2/" + wantsBasic + "/")
                && !FastPulls.basic(USERNAME, PASSWORD).equals(authorization)) {
            request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"registry\"").end();
            return;
        }
        request.response().putHeader("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
                .end(SHARED.manifest());
    }

    @AfterAll
    static void stop() {
        client.stop();
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void forget() {
        HOME_SAW.clear();
        ELSEWHERE_SAW.clear();
    }

    private static ModelName name(String raw) {
        return ModelName.parse(raw, "model", new ModelName.Defaults("registry.ollama.ai", "library", "latest"));
    }

    @Test
    void whatTheConfiguredRegistryWasGivenNeverGoesToAnotherServingARepositoryOfTheSameName() throws Exception {
        client.fetchManifest(name("shared:v1"));
        assertEquals(List.of("(none)", FastPulls.basic(USERNAME, PASSWORD)), HOME_SAW,
                "the configured registry asks, and gets the credentials");

        client.fetchManifest(name("localhost:" + elsewhere.actualPort() + "/library/shared:v1"));
        assertEquals(List.of("(none)"), ELSEWHERE_SAW, "another registry, same repository: nothing sent");

        client.fetchManifest(name("shared:v1"));
        assertEquals(List.of("(none)", FastPulls.basic(USERNAME, PASSWORD), FastPulls.basic(USERNAME, PASSWORD)),
                HOME_SAW, "the configured registry gets them at once the next time");
    }

    @Test
    void anotherRegistryAskingForBasicCredentialsGetsNoneAndThePullIsRefused() {
        ApiException refused = assertThrows(ApiException.class,
                () -> client.fetchManifest(name("localhost:" + elsewhere.actualPort() + "/library/private:v1")));
        assertEquals(ErrorCode.DL_004, refused.code());
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        assertEquals(List.of("(none)"), ELSEWHERE_SAW, "asked once, answered with nothing");
    }
}
