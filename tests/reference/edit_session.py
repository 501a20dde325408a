#!/usr/bin/env python3
"""Damages a ShareLens session file in one named way (tests/engine/tst_session.cpp).

usage: edit_session.py IN OUT EDIT
Uses Python's own JSON parser, independent of the one ShareLens reads with.
"""
import json
import sys

src, dst, e = sys.argv[1:4]
with open(src) as f:
    j = json.load(f)
if e.startswith('version:'):
    j['version'] = int(e[8:])
elif e == 'droprow':
    j['similarity']['matrix'].pop()
elif e == 'ragged':
    j['similarity']['matrix'][2].pop()
elif e == 'textcell':
    j['similarity']['matrix'][1][3] = 'x'
elif e == 'threshold':
    j['clustering']['threshold'] = 2.5
elif e == 'metric':
    j['calibration']['metric'] = 'spearman'
elif e == 'column':
    j['runs'][0]['baseline']['steps']['loss'].pop()
elif e == 'nocal':
    del j['calibration']
elif e == 'init':
    j['runs'][0]['settings']['init'] = 'random'
elif e == 'negbytes':
    j['runs'][0]['shared']['steps']['model_state_bytes'][1] = -5
elif e == 'hugebytes':
    j['runs'][0]['baseline']['steps']['peak_rss_bytes'][0] = 1e300
elif e == 'fracstep':
    j['runs'][0]['shared']['evals']['step'][0] = 2.5
elif e == 'negseed':
    j['runs'][0]['settings']['seed'] = -1
else:
    sys.exit('unknown edit ' + e)
with open(dst, 'w') as f:
    json.dump(j, f)
