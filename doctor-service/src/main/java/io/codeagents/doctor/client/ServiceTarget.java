package io.codeagents.doctor.client;

import java.net.URI;

/** A codeagents service the doctor watches: its name, where it answers, and the variable that says so. */
public record ServiceTarget(String name, URI url, String urlVariable) {
}
