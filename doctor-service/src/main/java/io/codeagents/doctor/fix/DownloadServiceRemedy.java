package io.codeagents.doctor.fix;

import java.time.Duration;

import io.codeagents.doctor.check.Check;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.config.FixConfig;

/**
 * A remedy of a check that asks the download service to act; it is named after its check. Subclasses are
 * {@code @Singleton}s: a client proxy of a normal-scoped bean would need a no-args constructor here.
 */
abstract class DownloadServiceRemedy implements Remedy {

    protected final DownloadServiceClient downloads;
    private final Check check;
    private final FixConfig config;

    protected DownloadServiceRemedy(Check check, DownloadServiceClient downloads, FixConfig config) {
        this.check = check;
        this.downloads = downloads;
        this.config = config;
    }

    @Override
    public String id() {
        return check.id();
    }

    /** How long one call may take. */
    protected Duration deadline() {
        return config.callTimeout();
    }
}
