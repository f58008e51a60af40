import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicatesOf, formatTrack, packPlaylists, parseTrackList, removeDuplicates, trackKey } from '../library.js';

const tracks = parseTrackList(`
# Blue
Joni Mitchell - River (4:00)
Joni Mitchell - A Case of You (4:20)
# Live
joni  mitchell - river (4:10)
Daft Punk - Get Lucky (feat. Pharrell Williams) (6:09)
Daft Punk - Get Lucky (4:08)
`);

test('parse and format', () => {
  assert.equal(tracks[2].album, 'Live');
  assert.equal(formatTrack(tracks[3]), 'Daft Punk - Get Lucky (feat. Pharrell Williams) (6:09)');
  assert.equal(trackKey(tracks[3]), trackKey(tracks[4]));
});
test('duplicates', () => {
  assert.deepEqual(removeDuplicates(tracks).map((t) => t.seconds), [240, 260, 369]);
  assert.deepEqual(duplicatesOf(tracks).map((t) => t.seconds), [250, 248]);
});
test('playlists', () => assert.deepEqual(packPlaylists(tracks, 600).map((l) => l.length), [2, 1, 1, 1]));
