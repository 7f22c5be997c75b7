package dev.bitnet.engine.cli;

/** Entry point of {@code java -jar bitnet.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println(Runtime.version());
    }
}
