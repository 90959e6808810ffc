package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebcamSourceTest {
  @Test
  void shouldFailWithOneLineOnAMissingDevice() {
    WebcamSource source = new WebcamSource("/dev/video97");
    assertTrue(source.live());
    SourceException e = assertThrows(SourceException.class, source::start);
    assertEquals("no such webcam: /dev/video97", e.getMessage());
    source.close();
  }
}
