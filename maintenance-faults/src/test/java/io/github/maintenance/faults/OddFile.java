package io.github.maintenance.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Things that can be found where the demo expects its flag file or its state file. */
enum OddFile {

    /** A named pipe: opening it for reading blocks until a writer comes. */
    FIFO,
    /** A symbolic link to itself: every access fails with "too many levels of symbolic links". */
    LINK_LOOP,
    /** A symbolic link to a file that does not exist. */
    DANGLING_LINK,
    /** A directory with a file in it. */
    DIRECTORY,
    /** A 64 MiB sparse file. */
    HUGE,
    /** Bytes that are neither UTF-8 nor key=value lines, NULs among them. */
    GARBAGE,
    /** A state of format 2.0, newer than the 1.x this library reads and writes. */
    NEWER_FORMAT,
    /** A state (or flag) whose maintenance ends in the year 999999999. */
    FAR_FUTURE_UNTIL;

    static final long HUGE_SIZE = 64L * 1024 * 1024;

    static final String NEWER_FORMAT_TEXT = """
            # Written by a future version of the library.
            format=2.0
            version=41
            saved_at=2026-03-01T10\\:15\\:30Z
            all.maintenance.since=2026-03-01T10\\:15\\:30Z
            all.maintenance.retry_after=PT5M
            all.maintenance.cause=API
            all.maintenance.mode=quantum
            route.count=0
            adhoc.count=0
            """;

    /** A state of the current format with ALL in maintenance; {@code UNTIL} is replaced. */
    static final String STATE_WITH_UNTIL = """
            format=1.1
            version=7
            saved_at=2026-03-01T10\\:15\\:30Z
            all.maintenance.since=2026-03-01T10\\:15\\:30Z
            all.maintenance.until=UNTIL
            all.maintenance.message=Far future
            all.maintenance.retry_after=PT5M
            all.maintenance.cause=API
            route.count=1
            route.0.id=*
            route.0.maintenance.since=2026-03-01T10\\:15\\:30Z
            route.0.maintenance.until=UNTIL
            route.0.maintenance.message=Far future
            route.0.maintenance.retry_after=PT5M
            route.0.maintenance.cause=API
            adhoc.count=0
            schedule.count=0
            """;

    static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";

    /** Creates this oddity at {@code file}; {@code stateFile} chooses the text of the text kinds. */
    void create(Path file, boolean stateFile) throws IOException, InterruptedException {
        switch (this) {
            case FIFO -> {
                Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("mkfifo finished").isTrue();
                assertThat(p.exitValue()).as("mkfifo exit status").isZero();
                assertThat(Files.isRegularFile(file) || Files.isDirectory(file)).isFalse();
            }
            case LINK_LOOP -> Files.createSymbolicLink(file, file.getFileName());
            case DANGLING_LINK -> Files.createSymbolicLink(file, file.resolveSibling("nowhere-" + file.getFileName()));
            case DIRECTORY -> {
                Files.createDirectory(file);
                Files.writeString(file.resolve("inside"), "message=inside a directory\n");
            }
            case HUGE -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(HUGE_SIZE);
                }
            }
            case GARBAGE -> {
                byte[] b = new byte[4096];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (i % 7 == 0 ? 0 : 0x80 + (i * 31) % 0x7f);
                }
                Files.write(file, b);
            }
            case NEWER_FORMAT -> Files.writeString(file, NEWER_FORMAT_TEXT, StandardCharsets.ISO_8859_1);
            case FAR_FUTURE_UNTIL -> Files.writeString(file, stateFile
                    ? STATE_WITH_UNTIL.replace("UNTIL", FAR_FUTURE.replace(":", "\\:"))
                    : "message=Far future\nuntil=" + FAR_FUTURE + "\n", StandardCharsets.ISO_8859_1);
            default -> throw new AssertionError(this);
        }
    }

    /** Removes this oddity from {@code file} (a directory with what it holds). */
    static void remove(Path file) throws IOException {
        if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(file)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.deleteIfExists(file);
    }
}
