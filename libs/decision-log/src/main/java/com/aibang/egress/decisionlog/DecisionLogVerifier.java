package com.aibang.egress.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the hash chain of decision log files given oldest first (e.g. FILE.2, FILE.1, FILE, see
 * {@link RotatedFiles#oldestFirst}): every line's prev_hash must be the SHA-256 of the line before
 * it, across file boundaries. The very first line may chain from anything (older files may have
 * been rotated away); whether it starts from the seed is reported. A deleted or edited line breaks
 * the link of the next line; removing the newest lines is only detectable against a copy shipped
 * elsewhere (e.g. stdout).
 */
public final class DecisionLogVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private DecisionLogVerifier() {
    }

    /** Outcome: {@code brokenFile} null when the chain is intact. Lines are numbered from 1 per file. */
    public record Result(long entries, boolean startsFromSeed, Path brokenFile, long brokenLine, String problem) {

        public boolean intact() {
            return brokenFile == null;
        }

        @Override
        public String toString() {
            return intact()
                    ? "hash chain intact: " + entries + " entries" + (startsFromSeed ? ", starting from the seed" : "")
                    : brokenFile + ":" + brokenLine + ": " + problem;
        }
    }

    public static Result verify(List<Path> filesOldestFirst) throws IOException {
        Walk walk = new Walk();
        DecisionLogLines.read(filesOldestFirst, walk::accept);
        return walk.result != null ? walk.result : new Result(walk.entries, walk.startsFromSeed, null, 0, null);
    }

    /** State of one pass over the chain. */
    private static final class Walk {
        String previous;
        boolean startsFromSeed;
        long entries;
        Result result;

        boolean accept(LogLine line) {
            if (!line.terminated()) {
                return broken(line, "last line is incomplete (no newline)");
            }
            String prevHash = prevHashOf(line.bytes());
            if (prevHash == null) {
                return broken(line, "not a decision log entry with a " + DecisionLogFields.PREV_HASH + " field");
            }
            if (previous == null) {
                startsFromSeed = prevHash.equals(HashChain.SEED);
            } else if (!prevHash.equals(previous)) {
                return broken(line, DecisionLogFields.PREV_HASH
                        + " does not match the line before it: that line was edited, or lines were deleted or inserted");
            }
            previous = HashChain.hashOf(line.bytes());
            entries++;
            return true;
        }

        private boolean broken(LogLine line, String problem) {
            result = new Result(entries, startsFromSeed, line.file(), line.number(), problem);
            return false;
        }
    }

    private static String prevHashOf(byte[] line) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode hash = node == null ? null : node.get(DecisionLogFields.PREV_HASH);
            return hash != null && hash.isTextual() && HEX64.matcher(hash.textValue()).matches() ? hash.textValue() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
