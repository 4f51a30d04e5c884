package onair.function.aws;

import jakarta.inject.Singleton;
import io.micronaut.context.BeanProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the newest thumbnail IVS wrote for a recording. A recording configuration made by Terraform (hashicorp/aws
 * 5.x cannot set {@code thumbnailConfiguration.storage}) records {@code SEQUENTIAL} thumbnails only:
 * {@code <prefix>/media/thumbnails/thumb0.jpg}, {@code thumb1.jpg}, ... (botocore ivs 2020-07-14
 * {@code ThumbnailConfiguration.storage}; https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/record-to-s3.html).
 * The newest is the largest number, not the lexically last key ({@code thumb9.jpg} sorts after {@code thumb10.jpg}),
 * so every page of the listing is read.
 */
@Singleton
public class ThumbnailLister {

    private static final Pattern NAME = Pattern.compile("thumb(\\d{1,18})\\.jpg");
    /** 1,000 keys per page (the ListObjectsV2 maximum): 200 pages cover a 48 h recording at one thumbnail a second. */
    static final int MAX_PAGES = 200;

    private final Supplier<S3Client> s3;
    private final int pageSize;

    /**
     * The S3 client is made on the first listing, not at start: a request for a state without a recording (and
     * the cold start before the first answer) never needs it (issue 14: lazy creation of what a request does not
     * need).
     */
    @jakarta.inject.Inject
    public ThumbnailLister(BeanProvider<S3Client> s3) {
        this.s3 = s3::get;
        this.pageSize = 1000;
    }

    public ThumbnailLister(S3Client s3) {
        this(s3, 1000);
    }

    /** A smaller page makes the pagination testable without writing thousands of objects. */
    ThumbnailLister(S3Client s3, int pageSize) {
        this.s3 = () -> s3;
        this.pageSize = pageSize;
    }

    /**
     * @param bucket    the recordings bucket (recording_s3_bucket_name)
     * @param keyPrefix recording_s3_key_prefix (ivs/v1/...)
     * @return the key of the newest SEQUENTIAL thumbnail, or empty when IVS has written none yet
     */
    public Optional<String> newest(String bucket, String keyPrefix) {
        String dir = trimSlashes(keyPrefix) + "/media/thumbnails/";
        String best = null;
        long bestNumber = -1;
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(dir)
                    // only the files directly under thumbnails/, not a sub-folder
                    .delimiter("/").maxKeys(pageSize);
            if (token != null) {
                req.continuationToken(token);
            }
            ListObjectsV2Response res = s3.get().listObjectsV2(req.build());
            for (S3Object o : res.contents()) {
                Matcher m = NAME.matcher(o.key().substring(dir.length()));
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    if (n > bestNumber) {
                        bestNumber = n;
                        best = o.key();
                    }
                }
            }
            if (!Boolean.TRUE.equals(res.isTruncated()) || res.nextContinuationToken() == null) {
                break;
            }
            token = res.nextContinuationToken();
        }
        return Optional.ofNullable(best);
    }

    static String trimSlashes(String p) {
        int from = 0;
        int to = p.length();
        while (from < to && p.charAt(from) == '/') {
            from++;
        }
        while (to > from && p.charAt(to - 1) == '/') {
            to--;
        }
        return p.substring(from, to);
    }
}
