package dev.bitnet.engine.gguf;

import java.io.IOException;

/**
 * {@code TensorData} produces one tensor's bytes on demand, when {@link GgufWriter#write} reaches
 * that tensor. It must write exactly the tensor's byte size.
 */
@FunctionalInterface
public interface TensorData {

    void writeTo(TensorSink sink) throws IOException;
}
