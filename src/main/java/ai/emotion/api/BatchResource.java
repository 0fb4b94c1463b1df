package ai.emotion.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.dto.BatchRequest;
import ai.emotion.dto.BatchResponse;
import ai.emotion.dto.CallerKey;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.serving.AnalyzeOptions;
import ai.emotion.serving.Inference;

/**
 * Many photos in one request: multipart with several 'file' parts, JSON {"images": [base64, ...]}, or a zip of
 * images. One result per image in order, an error per image that fails; the faces of several images go through the
 * models in one run (emotion-ai.batch.chunk-images at a time).
 */
@Path("/api/v1/analyze/batch")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analyze", description = "Find every face in a photo, then expression and keypoints per face")
@APIResponse(responseCode = "400", ref = "BadInput")
@APIResponse(responseCode = "413", ref = "TooLarge")
@APIResponse(responseCode = "422", ref = "UnknownVersion")
@APIResponse(responseCode = "503", ref = "NotReady")
public class BatchResource {
    private final Inference inference;
    private final EmotionAiConfig.Batch limits;
    private final int maxImageBytes;

    public BatchResource(Inference inference, EmotionAiConfig config) {
        this.inference = inference;
        this.limits = config.batch();
        this.maxImageBytes = config.limits().maxImageBytes();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Analyze base64 photos: {\"images\": [...], options}")
    public BatchResponse json(BatchRequest request, @RestHeader(CallerKey.HEADER) String callerKey,
            @QueryParam(AnalyzeResource.LANDMARKS68) boolean landmarks68) {
        if (request == null || request.images() == null || request.images().isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "field 'images' is missing or empty; send {\"images\": "
                    + "[<base64>, ...]}");
        }
        checkCount(request.images().size());
        long total = 0;
        List<Supplier<byte[]>> images = new ArrayList<>();
        for (String image : request.images()) {
            total += image == null ? 0 : image.length() * 3L / 4;
            images.add(() -> inference.imageBytes(image));
        }
        checkTotal(total);
        return answer(images, null, request.options(callerKey), landmarks68);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Analyze photos uploaded as several multipart fields 'file'")
    public BatchResponse multipart(@RestForm("file") List<FileUpload> files, @RestForm("model_version") String version,
            @RestForm("max_faces") Integer maxFaces, @RestForm("min_face_size") Integer minFaceSize,
            @RestHeader(CallerKey.HEADER) String callerKey, @QueryParam(AnalyzeResource.LANDMARKS68) boolean landmarks68,
            @BeanParam AnalyzeResource.GateParams gate) {
        if (files == null || files.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "no multipart field 'file'; send one per image");
        }
        checkCount(files.size());
        checkTotal(files.stream().mapToLong(FileUpload::size).sum());
        List<Supplier<byte[]>> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FileUpload file : files) {
            images.add(() -> read(file));
            names.add(file.fileName());
        }
        return answer(images, names, new AnalyzeOptions(version, null, maxFaces, minFaceSize, callerKey, gate.gate()),
                landmarks68);
    }

    @POST
    @Consumes({ "application/zip", "application/x-zip-compressed" })
    @Operation(summary = "Analyze the images of a zip file (folders and hidden files skipped)")
    public BatchResponse zip(byte[] zip, @QueryParam("model_version") String version,
            @QueryParam("max_faces") Integer maxFaces, @QueryParam("min_face_size") Integer minFaceSize,
            @RestHeader(CallerKey.HEADER) String callerKey, @QueryParam(AnalyzeResource.LANDMARKS68) boolean landmarks68,
            @BeanParam AnalyzeResource.GateParams gate) {
        List<byte[]> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        unzip(zip, entries, names);
        if (entries.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the zip holds no file");
        }
        List<Supplier<byte[]>> images = entries.stream().<Supplier<byte[]>>map(bytes -> () -> {
            if (bytes == null) {
                throw new ApiException(ErrorCode.IMAGE_TOO_LARGE, "the image has more than " + maxImageBytes
                        + " bytes; the limit is " + maxImageBytes + " (emotion-ai.limits.max-image-bytes)");
            }
            return bytes;
        }).toList();
        return answer(images, names, new AnalyzeOptions(version, null, maxFaces, minFaceSize, callerKey, gate.gate()),
                landmarks68);
    }

    private BatchResponse answer(List<Supplier<byte[]>> images, List<String> names, AnalyzeOptions options,
            boolean landmarks68) {
        return BatchResponse.of(inference.analyzeBatch(images, options, Math.max(1, limits.chunkImages())), names,
                landmarks68);
    }

    /** The zip's files (not folders, not hidden or __MACOSX entries), each and all together within the limits. */
    private void unzip(byte[] zip, List<byte[]> entries, List<String> names) {
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                String name = entry.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (entry.isDirectory() || base.isEmpty() || base.startsWith(".") || name.startsWith("__MACOSX/")) {
                    continue;
                }
                checkCount(entries.size() + 1);
                // read with caps, whatever the entry declares (a zip bomb lies): an image over max-image-bytes is
                // that image's error, not bytes held; all entries together within max-total-bytes
                long room = Math.min(maxImageBytes + 1L, limits.maxTotalBytes() - total + 1);
                byte[] bytes = in.readNBytes((int) room);
                total += bytes.length;
                checkTotal(total);
                if (bytes.length > maxImageBytes) {
                    total += in.transferTo(java.io.OutputStream.nullOutputStream()); // counted, not kept
                    checkTotal(total);
                    entries.add(null);
                } else {
                    entries.add(bytes);
                }
                names.add(name);
            }
        } catch (ZipException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the body is not a readable zip file");
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the zip could not be read to its end");
        }
        if (entries.isEmpty() && !looksLikeZip(zip)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the body is not a zip file");
        }
    }

    /** A zip opens with a local file header (PK 3 4), or, empty, with the end of its central directory (PK 5 6). */
    private static boolean looksLikeZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
                && (bytes[2] == 3 && bytes[3] == 4 || bytes[2] == 5 && bytes[3] == 6);
    }

    private static byte[] read(FileUpload file) {
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the uploaded file could not be read");
        }
    }

    private void checkCount(int images) {
        if (images > limits.maxImages()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the batch has " + images + " images or more; at most "
                    + limits.maxImages() + " (emotion-ai.batch.max-images)");
        }
    }

    private void checkTotal(long bytes) {
        if (bytes > limits.maxTotalBytes()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the batch's images take " + bytes + " bytes or more; "
                    + "at most " + limits.maxTotalBytes() + " (emotion-ai.batch.max-total-bytes)");
        }
    }
}
