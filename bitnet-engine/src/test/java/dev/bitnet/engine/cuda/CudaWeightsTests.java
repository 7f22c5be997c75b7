package dev.bitnet.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.kernel.I2sLayout;
import dev.bitnet.engine.kernel.I2sMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Host-side preparation of the weights for upload (no GPU needed). */
@DisplayName("CudaWeights")
class CudaWeightsTests {

    @Test
    @DisplayName("turns the CPU kernel's TILED_32 layout back into bitnet.cpp's row-major bytes")
    void untilesTheCpuLayoutBackIntoRows() {
        try (Arena arena = Arena.ofConfined()) {
            int rows = 96;
            int cols = 1152; // 288 bytes per row: two full column chunks and a narrower one
            I2sMatrix rowMajor = Synthetic.matrix(arena, rows, cols, 1f, new SplittableRandom(3));
            I2sMatrix tiled = rowMajor.tiled(arena);
            assertThat(tiled.layout()).isEqualTo(I2sLayout.TILED_32);
            byte[] out = new byte[(int) rowMajor.codeBytes()];
            tiled.copyRowMajor(0, rows, out);
            assertThat(out).isEqualTo(rowMajor.packed().toArray(ValueLayout.JAVA_BYTE));
            byte[] second = new byte[out.length];
            tiled.copyRowMajor(I2sMatrix.TILE_ROWS, 2 * I2sMatrix.TILE_ROWS, second);   // tiles 1..2 alone
            int tileBytes = I2sMatrix.TILE_ROWS * rowMajor.rowBytes();
            assertThat(java.util.Arrays.copyOf(second, 2 * tileBytes))
                    .isEqualTo(java.util.Arrays.copyOfRange(out, tileBytes, 3 * tileBytes));
        }
    }
}
