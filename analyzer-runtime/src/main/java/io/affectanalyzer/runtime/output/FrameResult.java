package io.affectanalyzer.runtime.output;

import java.util.List;

/**
 * Everything the pipeline says about one frame. Every decoded frame gets one, also with no face; a
 * live frame dropped under load gets one with {@code dropped} set and no faces.
 *
 * @param stream the input as the user gave it
 * @param frame 0-based index of the frame in its stream, in decode order
 * @param ptsMillis presentation time in milliseconds
 * @param label the source's own name for the frame (an image folder's file name), or null
 */
public record FrameResult(
    String stream,
    long frame,
    long ptsMillis,
    String label,
    boolean dropped,
    List<FaceResult> faces) {}
