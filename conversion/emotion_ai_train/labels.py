"""Label sets and keypoint names shared by readers, training, export and evaluation."""

# FER2013 ids as in the Kaggle CSV.
FER2013_LABELS = ("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral")

# Class sets per emotion model version. Version 1 keeps the original project's 5 classes and their order.
EMOTION_LABEL_SETS = {
    "fer7": FER2013_LABELS,
    "orig5": ("Angry", "Disgust", "Sad", "Happy", "Surprise"),
}


def fer_id_map(label_set):
    """FER2013 id -> class index in `label_set`; ids whose class is not in the set are absent."""
    names = EMOTION_LABEL_SETS[label_set]
    return {fer_id: names.index(name) for fer_id, name in enumerate(FER2013_LABELS) if name in names}


# The 15 keypoints of the Kaggle Facial Keypoints set, in its column order. "left" is the subject's left,
# which is on the right side of the image.
KEYPOINT_NAMES = (
    "left_eye_center", "right_eye_center",
    "left_eye_inner_corner", "left_eye_outer_corner",
    "right_eye_inner_corner", "right_eye_outer_corner",
    "left_eyebrow_inner_end", "left_eyebrow_outer_end",
    "right_eyebrow_inner_end", "right_eyebrow_outer_end",
    "nose_tip",
    "mouth_left_corner", "mouth_right_corner",
    "mouth_center_top_lip", "mouth_center_bottom_lip",
)

# Each Kaggle keypoint as the mean of iBUG-68 points (0-based). Subject's left eye = image right = 42-47.
KAGGLE_FROM_IBUG68 = {
    "left_eye_center": tuple(range(42, 48)),
    "right_eye_center": tuple(range(36, 42)),
    "left_eye_inner_corner": (42,),
    "left_eye_outer_corner": (45,),
    "right_eye_inner_corner": (39,),
    "right_eye_outer_corner": (36,),
    "left_eyebrow_inner_end": (22,),
    "left_eyebrow_outer_end": (26,),
    "right_eyebrow_inner_end": (21,),
    "right_eyebrow_outer_end": (17,),
    "nose_tip": (30,),
    "mouth_left_corner": (54,),
    "mouth_right_corner": (48,),
    "mouth_center_top_lip": (51,),
    "mouth_center_bottom_lip": (57,),
}


def _mirror_permutation(names, partner):
    return tuple(names.index(partner(n)) for n in names)


def _kaggle_partner(name):
    if name.startswith("left_"):
        return "right_" + name[len("left_"):]
    if name.startswith("right_"):
        return "left_" + name[len("right_"):]
    if name.startswith("mouth_left"):
        return name.replace("mouth_left", "mouth_right")
    if name.startswith("mouth_right"):
        return name.replace("mouth_right", "mouth_left")
    return name


# After a horizontal flip, point i of the flipped face is point KAGGLE_FLIP[i] of the original.
KAGGLE_FLIP = _mirror_permutation(KEYPOINT_NAMES, _kaggle_partner)

# iBUG-68 mirror pairs (jaw, brows, nose, eyes, mouth), 0-based.
_IBUG_PAIRS = (
    [(i, 16 - i) for i in range(8)]
    + [(17 + i, 26 - i) for i in range(5)]
    + [(31, 35), (32, 34)]
    + [(36, 45), (37, 44), (38, 43), (39, 42), (40, 47), (41, 46)]
    + [(48, 54), (49, 53), (50, 52), (59, 55), (58, 56), (60, 64), (61, 63), (67, 65)]
)


def _ibug_flip():
    perm = list(range(68))
    for a, b in _IBUG_PAIRS:
        perm[a], perm[b] = b, a
    return tuple(perm)


IBUG68_FLIP = _ibug_flip()


def kaggle_from_ibug_matrix():
    """15x68 averaging matrix M with kaggle_xy = M @ ibug_xy."""
    import numpy as np

    m = np.zeros((len(KEYPOINT_NAMES), 68), dtype=np.float32)
    for row, name in enumerate(KEYPOINT_NAMES):
        idx = KAGGLE_FROM_IBUG68[name]
        m[row, list(idx)] = 1.0 / len(idx)
    return m
