/**
 * Manifests as ffmpeg 5.1's dash muxer writes them (`-hls_playlist 1`, `-utc_timing_url`, 2 s segments):
 * while it encodes (dynamic, two segments so far, playlists without ENDLIST) and once it finished.
 */

/** The MPD with what differs between its states: timing attributes, measured bandwidth, repeat count (segments - 1). */
const mpd = (timing: string, bandwidth: number, repeat: number) => `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
	xmlns="urn:mpeg:dash:schema:mpd:2011"
	xmlns:xlink="http://www.w3.org/1999/xlink"
	xsi:schemaLocation="urn:mpeg:DASH:schema:MPD:2011 http://standards.iso.org/ittf/PubliclyAvailableStandards/MPEG-DASH_schema_files/DASH-MPD.xsd"
	profiles="urn:mpeg:dash:profile:isoff-live:2011"
${timing}
	maxSegmentDuration="PT2.0S"
	minBufferTime="PT4.0S">
	<ProgramInformation>
	</ProgramInformation>
	<ServiceDescription id="0">
	</ServiceDescription>
	<Period id="0" start="PT0.0S">
		<AdaptationSet id="0" contentType="video" startWithSAP="1" segmentAlignment="true" bitstreamSwitching="true" frameRate="15/1" maxWidth="320" maxHeight="180" par="16:9">
			<Representation id="0" mimeType="video/mp4" codecs="avc1.f4000c" bandwidth="${bandwidth}" width="320" height="180" sar="1:1">
				<SegmentTemplate timescale="15360" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
					<SegmentTimeline>
						<S t="0" d="30720" r="${repeat}" />
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
	</Period>
	<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="https://example.invalid/time"/>
</MPD>
`;

export const LIVE_MPD = mpd(
  `	type="dynamic"
	minimumUpdatePeriod="PT2S"
	suggestedPresentationDelay="PT2S"
	availabilityStartTime="2026-11-30T08:13:37.140Z"
	publishTime="2026-11-30T08:13:39.145Z"`,
  34244,
  1,
);

export const FINAL_MPD = mpd(
  `	type="static"
	mediaPresentationDuration="PT12.0S"`,
  33876,
  5,
);

export const MASTER_PLAYLIST = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=35960,RESOLUTION=320x180,CODECS="avc1.f4000c"
media_0.m3u8

`;

const FIRST_SEGMENT_AT_MS = Date.parse("2026-11-30T08:13:37.000Z");
const SEGMENT_MS = 2_000;

/** The media playlist after `segments` segments, each with its wall-clock time; ENDLIST once ffmpeg finished. */
function mediaPlaylist(segments: number, ended: boolean): string {
  const entries = Array.from({ length: segments }, (_, i) => {
    const at = new Date(FIRST_SEGMENT_AT_MS + i * SEGMENT_MS).toISOString().replace("Z", "+0000");
    return `#EXTINF:2.000000,\n#EXT-X-PROGRAM-DATE-TIME:${at}\nchunk-0-${String(i + 1).padStart(5, "0")}.m4s\n`;
  });
  return `#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-MAP:URI="init-0.m4s"\n${entries.join("")}${ended ? "#EXT-X-ENDLIST\n" : ""}`;
}

export const LIVE_MEDIA_PLAYLIST = mediaPlaylist(2, false);
export const FINAL_MEDIA_PLAYLIST = mediaPlaylist(6, true);
