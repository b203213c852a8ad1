package io.jdm.thin;

import java.util.List;

/**
 * What opening a {@link VolumeSet} repaired after a crash.
 *
 * @param intent          the change under way when the last owner stopped, and how it was finished
 *                        ({@code "CREATE of thin id 3 for v1: ROLL_FORWARD"}), if there was one
 * @param resumed         devices of the set found suspended (a crash between suspend and resume) and resumed
 * @param deletesFinished volumes whose deferred deletion completed at open
 */
public record Recovery(java.util.Optional<String> intent, List<String> resumed, List<VolumeId> deletesFinished) {
    public Recovery {
        resumed = List.copyOf(resumed);
        deletesFinished = List.copyOf(deletesFinished);
    }

    public boolean nothingToDo() {
        return intent.isEmpty() && resumed.isEmpty() && deletesFinished.isEmpty();
    }
}
