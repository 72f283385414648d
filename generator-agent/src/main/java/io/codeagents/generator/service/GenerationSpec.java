package io.codeagents.generator.service;

/** A checked request for code: what to write, in which language, with which model and sampling. */
public record GenerationSpec(String taskDescription, Language language, String model, double temperature, int maxTokens) {
}
