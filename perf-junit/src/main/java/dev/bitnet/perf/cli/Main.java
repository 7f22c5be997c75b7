package dev.bitnet.perf.cli;

/** Entry point of {@code java -jar perf-junit.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("perf-junit");
    }
}
