package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code DiagnosisJson} writes a {@link Diagnosis} as a JSON object and reads it back:
 * {@code {"type": "TIMEOUT", "title": "Timeout", "headline": ..., "details": ..., "environment": ...,
 * "actions": [...], "exceptionType": ...}}. Used by the per-test record and the reports.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DiagnosisJson {
    private DiagnosisJson() {}

    public static ObjectNode toJson(Diagnosis diagnosis) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", diagnosis.type().name());
        node.put("title", diagnosis.type().title());
        node.put("headline", diagnosis.headline());
        node.put("details", diagnosis.details());
        node.put("environment", diagnosis.environment());
        ArrayNode actions = node.putArray("actions");
        diagnosis.actions().forEach(actions::add);
        if (diagnosis.exceptionType() != null) {
            node.put("exceptionType", diagnosis.exceptionType());
        }
        return node;
    }

    /**
     * Reads a diagnosis written by {@link #toJson(Diagnosis)}.
     *
     * @throws IllegalArgumentException naming the field when the node is not a valid diagnosis
     */
    public static Diagnosis fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("diagnosis must be a JSON object but was: " + node);
        }
        String typeName = text(node, "type");
        DiagnosisType type;
        try {
            type = DiagnosisType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'diagnosis.type' must be one of "
                    + List.of(DiagnosisType.values()) + " but was: " + typeName, e);
        }
        JsonNode actionsNode = node.path("actions");
        List<String> actions = new ArrayList<>();
        if (actionsNode.isArray()) {
            actionsNode.forEach(a -> actions.add(a.asText()));
        }
        if (actions.isEmpty()) {
            actions.addAll(type.defaultActions());
        }
        JsonNode exception = node.get("exceptionType");
        return new Diagnosis(type, text(node, "headline"), node.path("details").asText(""),
                node.path("environment").asText(""), actions,
                exception == null || exception.isNull() ? null : exception.asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("field 'diagnosis." + field + "' must be a non-blank string but was: " + value);
        }
        return value.asText();
    }
}
