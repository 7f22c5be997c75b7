package dev.bitnet.perf.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apiguardian.api.API;

/**
 * Reads and writes {@link PerfRecord}s as JSON. Non-finite numbers (NaN statistics of too-small
 * samples) are written as {@code null} and read back as NaN; enums that name a metric are written
 * by canonical name; unknown fields are ignored when reading, so newer writers stay readable.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RecordJson {

    private static final ObjectMapper MAPPER = createMapper();

    private RecordJson() {}

    /** The mapper configured for records (shared, thread-safe). Other record-like files may reuse it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(PerfRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException("record of " + record.test().id() + " could not be written as JSON", e);
        }
    }

    public static PerfRecord fromJson(String json) throws IOException {
        return MAPPER.readValue(json, PerfRecord.class);
    }

    /**
     * Reads a record file.
     *
     * @throws IOException naming the file when it cannot be read or is not a record
     */
    public static PerfRecord read(Path file) throws IOException {
        try {
            PerfRecord record = MAPPER.readValue(file.toFile(), PerfRecord.class);
            if (record.schemaVersion() > PerfRecord.SCHEMA_VERSION) {
                throw new IOException("record " + file + " has schemaVersion " + record.schemaVersion()
                        + " but this software only reads up to version " + PerfRecord.SCHEMA_VERSION);
            }
            return record;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("record " + file + " is not a valid perf-junit record: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes {@code record} to {@code file} atomically: into a temporary file in the same directory,
     * then renamed over the target, so readers never see half a record. Creates the directory.
     */
    public static void write(PerfRecord record, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".record-", ".tmp");
        try {
            Files.write(temp, toJson(record).getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static ObjectMapper createMapper() {
        SimpleModule nonFinite = new SimpleModule("perf-junit-non-finite");
        nonFinite.addSerializer(Double.class, new NonFiniteAsNull());
        nonFinite.addSerializer(double.class, new NonFiniteAsNull());
        nonFinite.addDeserializer(double.class, new NullAsNaN());
        return JsonMapper.builder()
                .addModule(nonFinite)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
                .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Writes NaN and infinities as JSON {@code null}. */
    private static final class NonFiniteAsNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        NonFiniteAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                out.writeNull();
            } else {
                out.writeNumber(value);
            }
        }
    }

    /** Reads {@code null} into a primitive double as NaN (the writer's encoding of NaN). */
    private static final class NullAsNaN extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser in, DeserializationContext context) throws IOException {
            return in.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext context) {
            return Double.NaN;
        }
    }
}
