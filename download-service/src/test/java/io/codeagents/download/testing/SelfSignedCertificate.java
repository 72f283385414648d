package io.codeagents.download.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A certificate for {@code localhost} (and no other name) with its private key, both PEM, made by {@code openssl}: what
 * a private registry behind its own CA serves. The certificate is also the CA a client is given to trust it.
 */
public record SelfSignedCertificate(Path certificate, Path key) {

    public static SelfSignedCertificate create(Path dir) throws IOException, InterruptedException {
        SelfSignedCertificate made = new SelfSignedCertificate(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", made.key().toString(), "-out",
                made.certificate().toString(), "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost").redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (openssl.waitFor() != 0) {
            throw new IllegalStateException("openssl could not make a certificate: " + output);
        }
        return made;
    }
}
