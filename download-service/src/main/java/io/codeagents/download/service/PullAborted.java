package io.codeagents.download.service;

/** A run stops because the pull was cancelled, reset, failed elsewhere, or its lease was lost. */
public class PullAborted extends RuntimeException {

    public PullAborted(String reason) {
        super(reason, null, false, false);
    }
}
