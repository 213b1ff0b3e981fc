// Parse a feed file with podcast-partytime (the Podcast Index parser) and print what it read as JSON.
// Usage: node tests/js/partytime.mjs feed.xml
import { readFileSync } from "node:fs";
import partytime from "podcast-partytime";

const feed = partytime.parseFeed(readFileSync(process.argv[2], "utf8"));
if (!feed) {
  console.error("podcast-partytime could not parse the feed");
  process.exit(1);
}
const dates = (d) => (d instanceof Date ? d.toISOString() : d ?? null);
console.log(
  JSON.stringify({
    title: feed.title,
    guid: feed.guid ?? null,
    locked: feed.locked ?? null,
    explicit: feed.explicit ?? null,
    categories: feed.categories ?? null,
    image: feed.itunesImage ?? feed.image?.url ?? null,
    items: feed.items.map((item) => ({
      guid: item.guid,
      title: item.title,
      pubDate: dates(item.pubDate),
      duration: item.duration,
      enclosure: item.enclosure,
      transcripts: item.podcastTranscripts ?? [],
      chapters: item.podcastChapters ?? null,
      alternates: item.alternativeEnclosures ?? [],
    })),
  }),
);
