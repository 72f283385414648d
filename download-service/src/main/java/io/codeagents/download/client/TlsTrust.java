package io.codeagents.download.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS context that trusts the JDK's certificate authorities plus those of a file, as a private registry or mirror
 * behind a company CA needs ({@code download.registry.ca-file}, like curl's {@code --cacert} but in addition to the
 * defaults). The file holds one or more X.509 certificates, PEM or DER.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    public static SSLContext withCertificatesOf(Path file) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (X509Certificate authority : defaultTrustManager().getAcceptedIssuers()) {
                trusted.setCertificateEntry("jdk-" + n++, authority);
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(file)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            for (Certificate certificate : extra) {
                trusted.setCertificateEntry("extra-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the CA certificates of " + file + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
