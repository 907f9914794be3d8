{
  "schema": "whydiff.report/1",
  "tool": {
    "name": "whydiff",
    "version": "0.1.0"
  },
  "a": {
    "name": "demo/a.tar.gz",
    "size": 1188,
    "sha256": "cc026b43fa68c0844c9ea12ce994daeb03d0695f2cead87c85edf6d5af9c7c9d",
    "format": "tar.gz",
    "entries": 21
  },
  "b": {
    "name": "demo/b.tar.gz",
    "size": 1194,
    "sha256": "9cbda59a9be569c4474537a335bce86975e80ec7fff9f587680dcb9e026d7b16",
    "format": "tar.gz",
    "entries": 21
  },
  "identical": false,
  "contentIdentical": false,
  "causes": [
    {
      "category": "timestamp",
      "where": "entry-mtime",
      "count": 21,
      "allEntries": true,
      "summary": "all 21 entries differ in their recorded modification time: 2023-11-14 22:13:20 UTC vs 2023-11-16 22:13:20 UTC",
      "remedy": "set SOURCE_DATE_EPOCH and clamp member times: tar --mtime=@$SOURCE_DATE_EPOCH --clamp-mtime; for zip, touch -d @$SOURCE_DATE_EPOCH before zipping (or strip-nondeterminism)",
      "paths": [
        "myapp-1.0.0/",
        "myapp-1.0.0/CHANGELOG.md",
        "myapp-1.0.0/LICENSE",
        "myapp-1.0.0/README.md",
        "myapp-1.0.0/bin/",
        "myapp-1.0.0/bin/myapp",
        "myapp-1.0.0/bin/myapp-migrate",
        "myapp-1.0.0/build-info.json",
        "myapp-1.0.0/etc/",
        "myapp-1.0.0/etc/myapp.conf",
        "myapp-1.0.0/myapp/",
        "myapp-1.0.0/myapp/__init__.py",
        "myapp-1.0.0/myapp/__main__.py",
        "myapp-1.0.0/myapp/migrate.py",
        "myapp-1.0.0/myapp/server.py",
        "myapp-1.0.0/myapp.conf",
        "myapp-1.0.0/lib/",
        "myapp-1.0.0/lib/myapp-plugins.zip!/plugins/",
        "myapp-1.0.0/lib/myapp-plugins.zip!/plugins/hello.py",
        "myapp-1.0.0/lib/myapp-plugins.zip!/plugins/__pycache__/hello.cpython-311.pyc",
        "myapp-1.0.0/lib/myapp-plugins.zip"
      ]
    },
    {
      "category": "ownership",
      "count": 18,
      "allEntries": true,
      "summary": "all 18 entries differ in owner or group: uname=\"alice\" vs \"ci\"",
      "remedy": "record a fixed owner: tar --owner=0 --group=0 --numeric-owner (or fakeroot)",
      "paths": [
        "myapp-1.0.0/",
        "myapp-1.0.0/CHANGELOG.md",
        "myapp-1.0.0/LICENSE",
        "myapp-1.0.0/README.md",
        "myapp-1.0.0/bin/",
        "myapp-1.0.0/bin/myapp",
        "myapp-1.0.0/bin/myapp-migrate",
        "myapp-1.0.0/build-info.json",
        "myapp-1.0.0/etc/",
        "myapp-1.0.0/etc/myapp.conf",
        "myapp-1.0.0/myapp/",
        "myapp-1.0.0/myapp/__init__.py",
        "myapp-1.0.0/myapp/__main__.py",
        "myapp-1.0.0/myapp/migrate.py",
        "myapp-1.0.0/myapp/server.py",
        "myapp-1.0.0/myapp.conf",
        "myapp-1.0.0/lib/",
        "myapp-1.0.0/lib/myapp-plugins.zip"
      ]
    },
    {
      "category": "timestamp",
      "where": "container-header",
      "count": 1,
      "summary": "the container header records a different time (artifact): 2023-11-14 22:13:32 UTC vs 2023-11-16 22:13:35 UTC",
      "remedy": "do not record the time in the container: gzip -n (or --no-name), GZIP=-n for tar -z, pigz -n; for xar/pkg, set SOURCE_DATE_EPOCH",
      "paths": []
    },
    {
      "category": "timestamp",
      "where": "pyc-header",
      "count": 1,
      "summary": "1 .pyc file differs only in the header's source mtime/size: 2023-11-14 22:13:20 UTC vs 2023-11-16 22:13:20 UTC (myapp-1.0.0/lib/myapp-plugins.zip!/plugins/__pycache__/hello.cpython-311.pyc)",
      "remedy": "compile with python -m compileall --invalidation-mode checked-hash (or set SOURCE_DATE_EPOCH, which makes py_compile use hash-based .pyc)",
      "paths": [
        "myapp-1.0.0/lib/myapp-plugins.zip!/plugins/__pycache__/hello.cpython-311.pyc"
      ]
    },
    {
      "category": "permissions",
      "count": 1,
      "summary": "1 of 18 entries differ in permission bits: 0755 vs 0775 (myapp-1.0.0/bin/myapp-migrate)",
      "remedy": "build with umask 022 (or normalise modes: tar --mode=go-w,a+rX; chmod before zipping)",
      "paths": [
        "myapp-1.0.0/bin/myapp-migrate"
      ]
    },
    {
      "category": "build-path",
      "count": 1,
      "summary": "1 file differs only in an embedded build directory: /home/alice/build vs /builds/ci/42 (myapp-1.0.0/build-info.json)",
      "remedy": "build in a fixed directory, or map it away: -ffile-prefix-map=$PWD=., -fdebug-prefix-map, RUSTFLAGS=--remap-path-prefix",
      "paths": [
        "myapp-1.0.0/build-info.json"
      ]
    }
  ],
  "differences": [
    {
      "path": "",
      "status": "changed",
      "markers": [
        "header time"
      ],
      "typeA": null,
      "typeB": null,
      "fields": [
        {
          "field": "layer.gzip.MTIME",
          "a": 1700000012,
          "b": 1700172815
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "dir",
      "typeB": "dir",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 5677,
          "b": 5056
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/CHANGELOG.md",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6579,
          "b": 5958
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/LICENSE",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6187,
          "b": 5566
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/README.md",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6363,
          "b": 5742
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/bin/",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "dir",
      "typeB": "dir",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6037,
          "b": 5416
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/bin/myapp",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6592,
          "b": 5971
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/bin/myapp-migrate",
      "status": "changed",
      "markers": [
        "mode",
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "mode",
          "a": 493,
          "b": 509
        },
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mode",
          "a": 493,
          "b": 509
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7383,
          "b": 6764
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/build-info.json",
      "status": "changed",
      "markers": [
        "owner",
        "mtime",
        "content (build path)"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "size",
          "a": 102,
          "b": 98
        },
        {
          "field": "sha256",
          "a": "71fcd294ad07daf524528402bd4786e92ea6701bbfe18ff849f2925ce21a108f",
          "b": "502eed6377473a4007797c8f0c95271cc1a25cefa3219572213fbe349dd68193"
        },
        {
          "field": "raw.size",
          "a": 102,
          "b": 98
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7169,
          "b": 6544
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "content": {
        "kind": "json",
        "truncated": false,
        "changes": [
          {
            "path": "$.buildDir",
            "a": "\"/home/alice/build\"",
            "b": "\"/builds/ci/42\""
          }
        ]
      },
      "children": []
    },
    {
      "path": "myapp-1.0.0/etc/",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "dir",
      "typeB": "dir",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6040,
          "b": 5419
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/etc/myapp.conf",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7056,
          "b": 6435
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/myapp/",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "dir",
      "typeB": "dir",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6275,
          "b": 5654
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/myapp/__init__.py",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7370,
          "b": 6749
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/myapp/__main__.py",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7355,
          "b": 6734
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/myapp/migrate.py",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7303,
          "b": 6682
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/myapp/server.py",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7221,
          "b": 6600
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/myapp.conf",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "symlink",
      "typeB": "symlink",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 8079,
          "b": 7458
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/lib/",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "dir",
      "typeB": "dir",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 6035,
          "b": 5414
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": []
    },
    {
      "path": "myapp-1.0.0/lib/myapp-plugins.zip",
      "status": "changed",
      "markers": [
        "owner",
        "mtime"
      ],
      "typeA": "file",
      "typeB": "file",
      "fields": [
        {
          "field": "uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "gname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "sha256",
          "a": "dfc77121c87c2a73332688e64a4466801d192b6f9d48aa9e17d567c5671eb740",
          "b": "1faaa46a3c631420e2cd4e0f273c7472fc62f3bf812fbc593f18aada0d308cfb"
        },
        {
          "field": "raw.mtime",
          "a": 1700000000,
          "b": 1700172800
        },
        {
          "field": "raw.chksum",
          "a": 7794,
          "b": 7173
        },
        {
          "field": "raw.uname",
          "a": "alice",
          "b": "ci"
        },
        {
          "field": "raw.gname",
          "a": "alice",
          "b": "ci"
        }
      ],
      "children": [
        {
          "path": "myapp-1.0.0/lib/myapp-plugins.zip!/plugins/",
          "status": "changed",
          "markers": [
            "mtime"
          ],
          "typeA": "dir",
          "typeB": "dir",
          "fields": [
            {
              "field": "mtime",
              "a": 1700000000,
              "b": 1700172800
            },
            {
              "field": "raw.dosDate",
              "a": 22382,
              "b": 22384
            },
            {
              "field": "raw.dosDateTime",
              "a": "2023-11-14T22:13:20",
              "b": "2023-11-16T22:13:20"
            },
            {
              "field": "raw.local.dosDate",
              "a": 22382,
              "b": 22384
            },
            {
              "field": "raw.local.dosDateTime",
              "a": "2023-11-14T22:13:20",
              "b": "2023-11-16T22:13:20"
            }
          ],
          "children": []
        },
        {
          "path": "myapp-1.0.0/lib/myapp-plugins.zip!/plugins/hello.py",
          "status": "changed",
          "markers": [
            "mtime"
          ],
          "typeA": "file",
          "typeB": "file",
          "fields": [
            {
              "field": "mtime",
              "a": 1700000000,
              "b": 1700172800
            },
            {
              "field": "raw.dosDate",
              "a": 22382,
              "b": 22384
            },
            {
              "field": "raw.dosDateTime",
              "a": "2023-11-14T22:13:20",
              "b": "2023-11-16T22:13:20"
            },
            {
              "field": "raw.local.dosDate",
              "a": 22382,
              "b": 22384
            },
            {
              "field": "raw.local.dosDateTime",
              "a": "2023-11-14T22:13:20",
              "b": "2023-11-16T22:13:20"
            }
          ],
          "children": []
        },
        {
          "path": "myapp-1.0.0/lib/myapp-plugins.zip!/plugins/__pycache__/hello.cpython-311.pyc",
          "status": "changed",
          "markers": [
            "mtime",
            "pyc header"
          ],
          "typeA": "file",
          "typeB": "file",
          "fields": [
            {
              "field": "mtime",
              "a": 1700000000,
              "b": 1700172800
            },
            {
              "field": "sha256",
              "a": "ef997142837a7e34b7e1ae8c2573802dd495f9c37dd64ed013f106ccb17b1763",
              "b": "0bbaf379dfeb1e409ef7318dd78a1ffd757ec482021b9879b00274f1cbdbbf39"
            },
            {
              "field": "raw.dosDate",
              "a": 22382,
              "b": 22384
            },
            {
              "field": "raw.dosDateTime",
              "a": "2023-11-14T22:13:20",
              "b": "2023-11-16T22:13:20"
            },
            {
              "field": "raw.crc32",
              "a": "5879b501",
              "b": "9eac7e4d"
            },
            {
              "field": "raw.local.dosDate",
              "a": 22382,
              "b": 22384
            },
            {
              "field": "raw.local.dosDateTime",
              "a": "2023-11-14T22:13:20",
              "b": "2023-11-16T22:13:20"
            },
            {
              "field": "raw.local.crc32",
              "a": "5879b501",
              "b": "9eac7e4d"
            },
            {
              "field": "raw.pyc.sourceMtime",
              "a": 1700000000,
              "b": 1700172800
            },
            {
              "field": "raw.pyc.sourceMtimeIso",
              "a": "2023-11-14T22:13:20Z",
              "b": "2023-11-16T22:13:20Z"
            }
          ],
          "children": []
        }
      ]
    }
  ],
  "problems": [],
  "stats": {
    "entriesA": 21,
    "entriesB": 21,
    "matched": 21,
    "differing": 21,
    "added": 0,
    "removed": 0,
    "bytesReadA": 1193,
    "bytesReadB": 1189,
    "seconds": 0.046
  }
}
