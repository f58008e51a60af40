// A music library: tracks are { artist, title, album, seconds }.

export class LibraryError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Durations

// '3:45' -> 225, '1:02:03' -> 3723
export function parseDuration(text) {
  const parts = String(text).trim().split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new LibraryError(`bad duration ${text}`);
  }
  const nums = parts.map(Number);
  if (nums.slice(1).some((n) => n > 59)) throw new LibraryError(`bad duration ${text}`);
  return nums.reduce((total, n) => total * 60 + n, 0);
}

export function formatDuration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function totalDuration(tracks) {
  return tracks.reduce((sum, t) => sum + t.seconds, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Importing

// "Artist - Title (3:45)" lines; the album comes from the most recent "# Album" heading.
export function parseTrackList(text) {
  const tracks = [];
  let album = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      album = line.slice(1).trim() || null;
      continue;
    }
    const m = /^(.+?)\s+-\s+(.+?)\s*\((\d+(?::\d+){1,2})\)$/.exec(line);
    if (!m) throw new LibraryError(`cannot read track: ${line}`);
    tracks.push({ artist: m[1], title: m[2], album, seconds: parseDuration(m[3]) });
  }
  return tracks;
}

export function formatTrack(t) {
  return `${t.artist} - ${t.title} (${formatDuration(t.seconds)})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

export function fold(text) {
  // Plain ASCII needs no Unicode normalisation.
  const ascii = !/[^\x20-\x7e]/.test(text);
  return (ascii ? text : text.normalize('NFKD'))
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// Drops "feat. X", "ft. X" and "featuring X" credits, in or out of brackets.
export function stripFeaturing(text) {
  if (!/\b(?:feat|ft\.)/i.test(text)) return text.trim();
  return text.replace(/\s*[([]?\b(?:feat\.?|ft\.|featuring)\s[^)\]]*[)\]]?/gi, '').trim();
}

// The identity of a track for duplicate detection.
export function trackKey(track) {
  return `${fold(stripFeaturing(track.artist))}\u0000${fold(stripFeaturing(track.title))}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

export function byArtist(tracks) {
  const groups = new Map();
  for (const t of tracks) {
    const key = fold(stripFeaturing(t.artist));
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(t);
  }
  return groups;
}

// Album names in first-seen order (tracks without an album are skipped).
export function albumsOf(tracks) {
  const albums = [];
  for (const t of tracks) if (t.album !== null && !albums.includes(t.album)) albums.push(t.album);
  return albums;
}

export function search(tracks, query) {
  const words = fold(query).split(' ').filter(Boolean);
  return tracks.filter((t) => {
    const hay = fold(`${t.artist} ${t.title} ${t.album ?? ''}`);
    return words.every((w) => hay.includes(w));
  });
}

export function longest(tracks, n = 1) {
  return [...tracks].sort((a, b) => b.seconds - a.seconds || fold(a.title).localeCompare(fold(b.title))).slice(0, n);
}

// Splits tracks into consecutive playlists of at most maxSeconds each (a longer track gets a playlist of its own).
export function packPlaylists(tracks, maxSeconds) {
  const lists = [];
  let current = [];
  let used = 0;
  for (const t of tracks) {
    if (current.length > 0 && used + t.seconds > maxSeconds) {
      lists.push(current);
      current = [];
      used = 0;
    }
    current.push(t);
    used += t.seconds;
  }
  if (current.length > 0) lists.push(current);
  return lists;
}

// ---------------------------------------------------------------------------------------------------------------
// Duplicates

// Keeps the first occurrence of every track (by trackKey), in order.
export function removeDuplicates(tracks) {
  // Compute every key once instead of inside the inner search.
  const keys = tracks.map(trackKey);
  return tracks.filter((track, i) => keys.findIndex((key) => key === keys[i]) === i);
}

// The tracks that removeDuplicates would drop.
export function duplicatesOf(tracks) {
  const kept = new Set(removeDuplicates(tracks));
  return tracks.filter((t) => !kept.has(t));
}
