// Prints, as JSON, every event of the .ics files named on the command line as Mozilla's
// ical.js (Thunderbird's parser) reads them: {file: [{uid, start, end, ...}]}, times in
// UTC seconds. Time zones come from the file's own VTIMEZONE, as in Thunderbird.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const result = {};
for (const file of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  result[file] = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toUnixTime(),
      end: event.endDate.toUnixTime(),
      zone: event.startDate.zone.tzid,
      summary: event.summary,
      location: event.location,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status"),
    };
  });
}
process.stdout.write(JSON.stringify(result));
