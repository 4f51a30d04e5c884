package onair.local.cloud.lambda.instances;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * work-dir/functions/&lt;name&gt;.pid: the pids of a function's running {@code bootstrap} processes, one per line
 * (not an AWS artefact: tests and scripts kill them to simulate a crashed environment).
 */
final class PidFiles {
    private final Path functionsDir;

    PidFiles(Path functionsDir) {
        this.functionsDir = functionsDir;
    }

    void write(String name, List<FunctionInstance> list) throws IOException {
        StringBuilder pids = new StringBuilder();
        for (FunctionInstance i : list) {
            if (i.alive()) {
                pids.append(i.pid()).append('\n');
            }
        }
        Path pidFile = functionsDir.resolve(name + ".pid");
        if (pids.length() == 0) {
            Files.deleteIfExists(pidFile);
        } else {
            Files.writeString(pidFile, pids);
        }
    }

    void delete(String name) throws IOException {
        Files.deleteIfExists(functionsDir.resolve(name + ".pid"));
    }
}
