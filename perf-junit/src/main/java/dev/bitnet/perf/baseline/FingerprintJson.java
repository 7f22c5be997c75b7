package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.env.EnvironmentFingerprint;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The fingerprint as JSON-ready values, the form in which baselines, records and the
 * {@code env} command carry it: every fingerprint field plus {@code environmentClass},
 * {@code effectiveCpus} and {@code effectiveMemoryBytes}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class FingerprintJson {
    private FingerprintJson() {}

    /** A fresh, modifiable map of the fingerprint's values. */
    public static Map<String, Object> toMap(EnvironmentFingerprint fingerprint) {
        return BaselineJson.toMap(fingerprint);
    }
}
