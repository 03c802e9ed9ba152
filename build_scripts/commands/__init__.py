"""Maintainer commands beside the build: releases, the data diff, reference import, the submission standard."""
