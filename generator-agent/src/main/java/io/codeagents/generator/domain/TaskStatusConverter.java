package io.codeagents.generator.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Statuses are stored by their wire name, so SQL written by hand (and by operators) reads the same as the API. */
@Converter
public class TaskStatusConverter implements AttributeConverter<TaskStatus, String> {

    @Override
    public String convertToDatabaseColumn(TaskStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public TaskStatus convertToEntityAttribute(String value) {
        return value == null ? null : TaskStatus.parse(value).orElseThrow();
    }
}
