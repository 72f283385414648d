package io.codeagents.download.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The OCI registry models are pulled from and how names without a registry part are completed. */
@ConfigMapping(prefix = "download.registry")
public interface RegistryConfig {

    /** Base URL of the registry names without a host are pulled from ({@code MODEL_REGISTRY_URL}): a mirror or Ollama's. */
    @WithDefault("https://registry.ollama.ai")
    String url();

    /**
     * The registry host written into the store for names without one. It stays Ollama's even when {@link #url()} points
     * at a mirror, so that Ollama finds {@code qwen2.5-coder:1.5b} under the name the user typed.
     */
    @WithDefault("registry.ollama.ai")
    String defaultHost();

    @WithDefault("library")
    String defaultNamespace();

    @WithDefault("latest")
    String defaultTag();

    /**
     * A file of CA certificates (PEM or DER) trusted for {@code https} registries and their CDNs in addition to the
     * JDK's: a private registry or mirror behind a company CA.
     */
    Optional<Path> caFile();

    /**
     * Credentials for the registry at {@link #url()} when it wants them (a private registry), sent only once it asks: to
     * the token service its {@code WWW-Authenticate: Bearer} challenge names, or with its own requests after a
     * {@code Basic} challenge. Without them tokens are asked for anonymously, which is what public repositories on such
     * registries need.
     */
    Optional<String> username();

    Optional<String> password();

    @WithDefault("10S")
    Duration connectTimeout();

    /** How long to wait for a response's headers (the body is watched by the stall timeout instead). */
    @WithDefault("30S")
    Duration responseTimeout();
}
