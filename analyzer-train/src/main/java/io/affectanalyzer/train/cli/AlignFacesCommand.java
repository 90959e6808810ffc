package io.affectanalyzer.train.cli;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.train.data.ClassFolderReader;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.data.ImageDecoder;
import io.affectanalyzer.train.data.RuntimeFaces;
import io.affectanalyzer.train.trainer.ProgressBars;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code align-faces}: writes a copy of a folder of class folders in which every picture where the
 * runtime's detector finds a face is replaced by that face as the runtime aligns it, so a model
 * trains on the faces that {@code analyzer run} will feed it. Pictures with no face found are
 * copied as they are (their label is still worth learning) and listed in {@code not-found.txt}.
 */
@Command(
    name = "align-faces",
    mixinStandardHelpOptions = true,
    description = {
      "Copy a folder of class folders with each face detected and aligned as `analyzer run` does.",
      "Example:  align-faces --data ../shared/data/fer2013/train --out runs/aligned/fer2013-train"
    })
public final class AlignFacesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "A folder of class folders (FER2013's train/, an ABAW4 LSD set).")
  Path data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where the copy goes.")
  Path out;

  @Option(
      names = "--size",
      defaultValue = "48",
      description = "Side of the aligned faces in pixels (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Progress bar on stderr (default: on when stderr is a terminal).")
  Boolean progress;

  @Override
  public Integer call() {
    if (!Files.isDirectory(data)) {
      throw DataFormatException.of(data, "not a folder of class folders");
    }
    if (size < 8) {
      throw new IllegalArgumentException("--size must be at least 8");
    }
    List<Path> pictures = pictures();
    List<String> notFound = new ArrayList<>();
    boolean bar = progress != null ? progress : System.console() != null;
    try (RuntimeFaces faces = RuntimeFaces.open();
        ProgressBar pb = ProgressBars.onStderr("align-faces", pictures.size(), bar)) {
      for (Path picture : pictures) {
        Path rel = data.relativize(picture);
        BufferedImage image = ImageDecoder.decodeRgb(picture);
        Optional<FaceDetection> face = faces.largest(image);
        Path target = out.resolve(rel.toString().replaceFirst("\\.[^.]+$", "") + ".png");
        Files.createDirectories(target.getParent());
        if (face.isPresent()) {
          ImageIO.write(
              RuntimeFaces.alignToPicture(image, face.get(), size), "png", target.toFile());
        } else {
          ImageIO.write(image, "png", target.toFile());
          notFound.add(rel.toString());
        }
        pb.step();
      }
      Files.write(out.resolve("not-found.txt"), notFound);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write under " + out + ": " + e.getMessage(), e);
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "align-faces: %d pictures, a face found and aligned in %d (%.1f%%); the other %d copied"
                + " as they are (listed in %s)%n",
            pictures.size(),
            pictures.size() - notFound.size(),
            100.0 * (pictures.size() - notFound.size()) / pictures.size(),
            notFound.size(),
            out.resolve("not-found.txt"));
    return 0;
  }

  private List<Path> pictures() {
    try (Stream<Path> s = Files.walk(data, 2)) {
      List<Path> list =
          s.filter(p -> p.getParent() != null && !p.getParent().equals(data))
              .filter(Files::isRegularFile)
              .filter(ClassFolderReader::isImage)
              .sorted()
              .toList();
      if (list.isEmpty()) {
        throw DataFormatException.of(data, "no images in its class folders");
      }
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
