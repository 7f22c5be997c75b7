package dev.bitnet.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The paths every machine takes, with or without a GPU: probing, reporting, the shipped kernels. */
@DisplayName("CUDA backend without a GPU")
class CudaAbsenceTests {

    @Test
    @DisplayName("probe reports why the backend is unusable and never throws")
    void probeReportsWhyTheBackendIsUnusable() {
        CudaAvailability a = CudaAvailability.probe();
        assumeFalse(a.usable(), "this machine has a usable GPU: " + a);
        assertThat(a.reason()).isNotBlank().isNotEqualTo("usable");
        assertThat(a.unavailableReason()).contains(a.reason());
        assertThat(a.toString()).startsWith("CUDA unavailable: ");
        assertThat(CudaAvailability.probe()).isSameAs(a);
    }

    @Test
    @DisplayName("a missing driver library is named in the reason")
    void namesAMissingDriverLibrary() {
        assertThat(CudaDriver.checkLibrary("/nonexistent/libcuda.so.1")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("/nonexistent/libcuda.so.1").contains("could not be loaded").contains("NVIDIA driver"));
    }

    @Test
    @DisplayName("a library without the driver API is named in the reason")
    void namesALibraryWithoutTheDriverApi() {
        assertThat(CudaDriver.checkLibrary("libc.so.6"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("libc.so.6").contains("lacks the CUDA driver API"));
    }

    @Test
    @DisplayName("opening a context without a usable driver fails naming the call")
    void openingAContextWithoutADriverFailsNamingTheCall() {
        CudaAvailability a = CudaAvailability.probe();
        assumeFalse(a.usable(), "this machine has a usable GPU: " + a);
        assertThatThrownBy(() -> CudaContext.open(0)).isInstanceOf(CudaException.class).hasMessageContaining(" failed: ");
    }

    @Test
    @DisplayName("a driver error names the call, the error name and its text")
    void driverErrorMessageNamesCallAndError() {
        CudaException e = new CudaException("cuMemAlloc_v2(8 bytes)", 2, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory");
        assertThat(e).hasMessage("cuMemAlloc_v2(8 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)");
        assertThat(e.call()).isEqualTo("cuMemAlloc_v2(8 bytes)");
        assertThat(e.result()).isEqualTo(2);
        assertThat(e.errorName()).isEqualTo("CUDA_ERROR_OUT_OF_MEMORY");
    }

    @Test
    @DisplayName("the PTX resource defines every kernel the Java side launches, for compute_90")
    void ptxDefinesEveryKernel() throws IOException {
        String ptx = resource(CudaKernels.PTX_RESOURCE);
        assertThat(ptx).contains(".target sm_90").contains(".address_size 64");
        for (String name : CudaKernels.NAMES) {
            assertThat(ptx).as("kernel " + name).contains(".entry " + name + "(");
        }
    }

    @Test
    @DisplayName("the sm_90 cubin resource is an ELF image naming every kernel")
    void cubinIsAnElfImage() throws IOException {
        byte[] cubin;
        try (InputStream in = CudaKernels.class.getResourceAsStream(CudaKernels.CUBIN_RESOURCE)) {
            assertThat(in).as(CudaKernels.CUBIN_RESOURCE).isNotNull();
            cubin = in.readAllBytes();
        }
        assertThat(cubin).startsWith((byte) 0x7f, (byte) 'E', (byte) 'L', (byte) 'F');
        String text = new String(cubin, StandardCharsets.ISO_8859_1);
        for (String name : CudaKernels.NAMES) {
            assertThat(text).as("kernel " + name).contains(name);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CudaKernels.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
