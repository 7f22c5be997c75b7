package dev.bitnet.engine.model;

/**
 * {@code ModelFormatException} signals a model file whose metadata or tensors disagree with the
 * BitNet architecture: a missing or mistyped key, an unsupported architecture, or a tensor with
 * the wrong type or shape. The message names the file, the key or tensor, the actual value and
 * the expected one.
 *
 * @since 0.1
 */
public final class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
